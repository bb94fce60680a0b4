package faasrl.sim;

import faasrl.cluster.Cluster;
import faasrl.cluster.ClusterContract;
import faasrl.function.Distribution;
import faasrl.function.FunctionSpec;

/** The cluster contract on the simulator. */
class SimClusterContractTest extends ClusterContract {
  @Override protected Cluster start() {
    return SimulatedCluster.builder().workers(2).coresPerWorker(8).seed(3).start();
  }

  @Override protected String backend() {
    return "sim";
  }

  /** Needs more memory than a worker of 64 GiB offers. */
  @Override protected FunctionSpec refused() {
    return FunctionSpec.builder("bigdata").cpu(Distribution.deterministic(100)).memoryMiB(100_000).build();
  }
}
