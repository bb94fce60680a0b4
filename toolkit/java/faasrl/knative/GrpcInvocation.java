package faasrl.knative;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.ScalingConfig;
import faasrl.invoke.Invoker;
import faasrl.invoke.InvokerLoop;
import io.grpc.ManagedChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;

/**
 * Sends a step's load through faasrl's open-loop gRPC {@link Invoker} to the Knative ingress:
 * one invoker per function, all at once, each on a plain-text HTTP/2 channel to the ingress whose
 * authority is the function's host, which is how Knative routes a request to its service. Channels
 * stay open across steps and close with the cluster.
 *
 * <pre>{@code
 * Cluster.knative(kubeconfig).invocation(new GrpcInvocation()).start();   // the default
 * }</pre>
 */
public final class GrpcInvocation implements Invocation {
  private final Map<Endpoint, ManagedChannel> channels = new ConcurrentHashMap<>();

  @Override public Map<String, FunctionMetrics.Builder> send(Load load, Map<String, Endpoint> endpoints) {
    Map<String, CompletableFuture<FunctionMetrics.Builder>> running = new LinkedHashMap<>();
    endpoints.forEach((fn, endpoint) -> {
      Invoker invoker = Invoker.builder().channels(List.of(channel(endpoint))).pattern(load.patterns().get(fn))
          .length(load.length()).offset(load.offset()).deadline(load.deadline())
          .keepLatencies(load.recordLatencies()).build();
      // the cluster fills in the configuration it knows
      running.put(fn, CompletableFuture.supplyAsync(() -> invoker.run().metrics(fn, ScalingConfig.defaults()),
          r -> new Thread(r, "invoke-" + fn).start()));
    });
    Map<String, FunctionMetrics.Builder> out = new LinkedHashMap<>();
    try {
      running.forEach((fn, f) -> out.put(fn, f.join()));
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return out;
  }

  private ManagedChannel channel(Endpoint e) {
    return channels.computeIfAbsent(e, k -> InvokerLoop.channelBuilder(k.host() + ":" + k.port())
        .overrideAuthority(k.authority()).build());
  }

  @Override public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
