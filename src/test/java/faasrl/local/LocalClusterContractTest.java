package faasrl.local;

import faasrl.cluster.Cluster;
import faasrl.cluster.ClusterContract;
import faasrl.function.Distribution;
import faasrl.function.FunctionSpec;

/** The cluster contract on the local backend: real function-server processes in CPU cgroups. */
class LocalClusterContractTest extends ClusterContract {
  @Override protected Cluster start() {
    return LocalCluster.builder().start();
  }

  @Override protected String backend() {
    return "local";
  }

  /** A function without a local implementation. */
  @Override protected FunctionSpec refused() {
    return FunctionSpec.builder("fibonacci").cpu(Distribution.deterministic(100)).build();
  }
}
