package faasrl.experiment;

import faasrl.cluster.Backend;
import faasrl.cluster.Cluster;

/**
 * Starts the clusters an experiment runs on, so the same experiment runs on any backend. The seed
 * is the experiment's seed plus an offset; backends without randomness of their own ignore it.
 *
 * <pre>{@code
 * Setup s = Setup.defaults().clusters(seed -> Clusters.local().start()).stepSeconds(5);
 * }</pre>
 */
@FunctionalInterface
public interface ClusterFactory {
  /** The experiments' simulated cluster: 4 workers x 20 cores, seeded (backend {@code sim}, found by name). */
  ClusterFactory SIMULATED = seed -> Backend.named("sim").start(seed);

  /** A fresh, started cluster; the caller closes it. */
  Cluster start(long seed);
}
