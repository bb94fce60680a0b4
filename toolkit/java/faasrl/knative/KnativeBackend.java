package faasrl.knative;

import faasrl.cluster.Backend;
import java.nio.file.Path;

/**
 * Registers the real cluster as backend {@code knative}, reached through the kubeconfig that
 * {@code faasrl setup} writes ({@value #DEFAULT_KUBECONFIG}); it has no randomness to seed.
 */
public final class KnativeBackend implements Backend {
  /** Where {@code faasrl setup} writes the cluster's kubeconfig, relative to the working directory. */
  public static final String DEFAULT_KUBECONFIG = "faasrl-cluster/kubeconfig";

  @Override public String name() {
    return "knative";
  }

  @Override public KnativeCluster start(long seed) {
    return KnativeCluster.builder(Path.of(DEFAULT_KUBECONFIG)).start();
  }
}
