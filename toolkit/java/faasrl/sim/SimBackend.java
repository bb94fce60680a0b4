package faasrl.sim;

import faasrl.cluster.Backend;

/** Registers the simulator as backend {@code sim}: 4 workers x 20 cores, as the paper's cluster. */
public final class SimBackend implements Backend {
  @Override public String name() {
    return "sim";
  }

  @Override public SimulatedCluster start(long seed) {
    return SimulatedCluster.builder().workers(4).coresPerWorker(20).seed(seed).start();
  }
}
