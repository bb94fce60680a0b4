package faasrl;

import faasrl.knative.KnativeCluster;
import faasrl.local.LocalCluster;
import faasrl.sim.SimulatedCluster;
import java.nio.file.Path;

/**
 * Where a user starts a cluster: one builder per backend. It sits above the backends so that the
 * interface {@link faasrl.cluster.Cluster} and the code written against it (experiments, scalers,
 * agents) depend on no backend; code that must pick a backend by name without depending on it
 * uses {@link faasrl.cluster.Backend#named(String)}.
 *
 * <pre>{@code
 * try (Cluster cluster = Clusters.simulated().workers(4).coresPerWorker(20).seed(7).start()) {
 *   cluster.deploy(Catalog.onlineShop(), ScalingConfig.defaults()).awaitReady();
 *   StepResult r = cluster.run(Load.of("adservice", LoadPattern.poisson(200)).seconds(10));
 * }
 * }</pre>
 */
public final class Clusters {
  private Clusters() {}

  /** A builder of the embedded simulated cluster (the default backend, {@code sim}). */
  public static SimulatedCluster.Builder simulated() {
    return SimulatedCluster.builder();
  }

  /**
   * The {@code local} backend: replicas are function-server processes on this machine, each in a
   * CPU cgroup with a real quota. {@code Clusters.local().start()}.
   */
  public static LocalCluster.Builder local() {
    return LocalCluster.builder();
  }

  /**
   * The {@code knative} backend: the real vHive/Knative cluster that {@code kubeconfig} points at
   * (as written by {@code faasrl setup}). Configure it, then {@code start()}.
   */
  public static KnativeCluster.Builder knative(Path kubeconfig) {
    return KnativeCluster.builder(kubeconfig);
  }
}
