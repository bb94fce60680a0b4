package faasrl.knative;

import faasrl.cluster.ScalingConfig;
import faasrl.function.FunctionSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The Knative Service a {@link KnativeCluster} creates for a function: its whole spec, written again
 * on every change of the function's configuration. Refuses (IllegalArgumentException) a function
 * it cannot run.
 *
 * <!-- given: Path kubeconfig -->
 * <pre>{@code
 * KnativeCluster c = Clusters.knative(kubeconfig).services(ProfileServices.builder().build()).start();
 * }</pre>
 */
@FunctionalInterface
public interface KnativeServices {
  /** The online-shop functions, from {@link OnlineShop}'s templates. */
  KnativeServices ONLINE_SHOP = (spec, namespace, config) -> OnlineShop.service(spec.name(), namespace, config);

  /** The service that runs {@code spec} in {@code namespace} with {@code config}. */
  GenericKubernetesResource service(FunctionSpec spec, String namespace, ScalingConfig config);
}
