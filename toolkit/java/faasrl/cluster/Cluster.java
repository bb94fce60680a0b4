package faasrl.cluster;

import faasrl.function.Catalog;
import faasrl.function.FunctionSpec;
import java.time.Duration;
import java.util.List;

/**
 * A serverless cluster that runs functions: the one interface behind which the simulated, local
 * and Knative backends sit. Agents, experiments and notebooks only ever see this; a cluster is
 * started through {@code faasrl.Clusters} (or by name, {@link Backend#named}).
 *
 * <p>Every method validates its input first and either applies a change entirely or throws an
 * {@link IllegalArgumentException} naming what was wrong, leaving the cluster as it was.
 *
 * <pre>{@code
 * try (Cluster cluster = Clusters.simulated().workers(4).coresPerWorker(20).seed(7).start()) {
 *   cluster.deploy(Catalog.onlineShop(), ScalingConfig.defaults());
 *   cluster.scale("adservice", cluster.config("adservice").cpuMillicores(300));
 *   StepResult r = cluster.run(Load.of("adservice", LoadPattern.poisson(200)).seconds(10));
 *   System.out.println(r.function("adservice").p90Micros());
 * }
 * }</pre>
 */
public interface Cluster extends AutoCloseable {

  /** Which backend this is: {@code sim}, {@code local} or {@code knative}. */
  String backend();

  /** The worker nodes that run functions. */
  List<Node> nodes();

  /**
   * Deploys a function with a configuration; its replicas cold-start before they serve. Deploying
   * a function that is already deployed replaces its spec and configuration.
   */
  Cluster deploy(FunctionSpec spec, ScalingConfig config);

  /**
   * True when a fresh cluster built the same way gives the same results for the same calls (the
   * seeded simulator does; real backends do not), so an experiment can be replayed exactly.
   */
  default boolean deterministic() {
    return false;
  }

  /** Deploys with {@link ScalingConfig#defaults()}. */
  default Cluster deploy(FunctionSpec spec) {
    return deploy(spec, ScalingConfig.defaults());
  }

  /** Deploys every function of a catalog with the same configuration. */
  default Cluster deploy(Catalog catalog, ScalingConfig config) {
    for (FunctionSpec s : catalog.specs()) {
      deploy(s, config);
    }
    return this;
  }

  /**
   * Changes a function's configuration. A change of CPU, memory or concurrency makes a new
   * revision (new pods cold-start while the old ones drain) unless the backend resizes in place;
   * a change of replicas starts or stops pods.
   */
  Cluster scale(String function, ScalingConfig config);

  /** The configuration last asked for {@code function}. */
  ScalingConfig config(String function);

  /** Deployed functions, in deployment order. */
  List<String> functions();

  /**
   * Waits until every deployed function's pods are ready to serve. The real backends already wait
   * inside {@link #deploy} and {@link #scale}; the simulator does not (cold starts then fall in
   * the next step, as after a Knative roll-out), and here advances its clock past them.
   *
   * <!-- given: Cluster cluster -->
   * <pre>{@code
   * cluster.deploy(Catalog.onlineShop(), ScalingConfig.defaults()).awaitReady();
   * }</pre>
   */
  default Cluster awaitReady() {
    return this;
  }

  /** Removes a function and its pods. */
  Cluster remove(String function);

  /** Runs one step of load and returns what happened. Blocks for the step's length on real backends. */
  StepResult run(Load load);

  /** The cluster's clock: simulated time, or wall time since the cluster started. */
  Duration clock();

  /** Releases everything the cluster holds (processes, cgroups, connections). Idempotent. */
  @Override void close();
}
