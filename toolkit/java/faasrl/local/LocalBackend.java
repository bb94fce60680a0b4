package faasrl.local;

import faasrl.cluster.Backend;

/** Registers the local backend as {@code local}: function-server processes in CPU cgroups here. */
public final class LocalBackend implements Backend {
  @Override public String name() {
    return "local";
  }

  @Override public LocalCluster start(long seed) {
    return LocalCluster.builder().seed(seed).start();
  }
}
