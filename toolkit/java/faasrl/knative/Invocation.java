package faasrl.knative;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import java.util.Map;

/**
 * Sends one step of load to deployed functions and measures what came back: the seam between the
 * Knative backend and whatever generates requests ({@link GrpcInvocation}, faasrl's open-loop gRPC
 * invoker, by default). The backend adds the configuration, replicas and CPU figures to the
 * builders it gets back.
 *
 * <!-- given: Path kubeconfig -->
 * <pre>{@code
 * KnativeCluster c = Clusters.knative(kubeconfig).invocation(new GrpcInvocation()).start();
 * }</pre>
 */
@FunctionalInterface
public interface Invocation extends AutoCloseable {
  /**
   * Runs {@code load} against {@code endpoints} (one per function of the load) for the load's
   * length and returns latency and request counts per function.
   */
  Map<String, FunctionMetrics.Builder> send(Load load, Map<String, IngressEndpoint> endpoints);

  @Override default void close() {}
}
