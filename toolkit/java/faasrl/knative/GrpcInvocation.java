package faasrl.knative;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.ScalingConfig;
import faasrl.invoke.FanOut;
import faasrl.invoke.Invoker;
import faasrl.invoke.InvokerLoop;
import io.grpc.ManagedChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends a step's load through faasrl's open-loop gRPC {@link Invoker} to the Knative ingress:
 * one invoker per function, all at once, each on a plain-text HTTP/2 channel to the ingress whose
 * authority is the function's host, which is how Knative routes a request to its service. Channels
 * stay open across steps and close with the cluster.
 *
 * <!-- given: Path kubeconfig -->
 * <pre>{@code
 * Clusters.knative(kubeconfig).invocation(new GrpcInvocation()).start();   // the default
 * }</pre>
 */
public final class GrpcInvocation implements Invocation {
  private final Map<IngressEndpoint, ManagedChannel> channels = new ConcurrentHashMap<>();

  @Override public Map<String, FunctionMetrics.Builder> send(Load load, Map<String, IngressEndpoint> endpoints) {
    Map<String, Invoker> invokers = new LinkedHashMap<>();
    endpoints.forEach((fn, endpoint) -> invokers.put(fn,
        Invoker.builder().channels(List.of(channel(endpoint))).step(load, fn).build()));
    Map<String, FunctionMetrics.Builder> out = new LinkedHashMap<>();
    // the cluster fills in the configuration it knows
    FanOut.start(invokers).join().forEach((fn, r) -> out.put(fn, r.metrics(fn, ScalingConfig.defaults())));
    return out;
  }

  private ManagedChannel channel(IngressEndpoint e) {
    return channels.computeIfAbsent(e, k -> InvokerLoop.channelBuilder(k.host() + ":" + k.port())
        .overrideAuthority(k.authority()).build());
  }

  @Override public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
