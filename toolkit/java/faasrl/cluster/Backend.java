package faasrl.cluster;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A backend that starts clusters in its default configuration, found by name. Backends register
 * themselves in {@code META-INF/services/faasrl.cluster.Backend}, so that code written against
 * {@link Cluster} (experiments, notebooks) can start one without depending on its package. To
 * configure a backend, use its builder ({@code faasrl.Clusters}).
 *
 * <pre>{@code
 * try (Cluster sim = Backend.named("sim").start(7)) {
 *   sim.deploy(Catalog.onlineShop(), ScalingConfig.defaults());
 * }
 * }</pre>
 */
public interface Backend {
  /** The name {@link Cluster#backend()} reports: {@code sim}, {@code local} or {@code knative}. */
  String name();

  /** A started cluster in the backend's default configuration; {@code seed} seeds its randomness. */
  Cluster start(long seed);

  /**
   * The registered backend called {@code name}.
   *
   * @throws IllegalArgumentException naming the registered backends when none is called so
   */
  static Backend named(String name) {
    List<Backend> all = all();
    return all.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no backend '" + name + "' (registered: "
            + String.join(", ", all.stream().map(Backend::name).toList()) + ")"));
  }

  /** Every registered backend, in registration order. */
  static List<Backend> all() {
    return ServiceLoader.load(Backend.class, Backend.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get).toList();
  }
}
