package faasrl.cli;

import faasrl.cluster.Cluster;
import java.util.List;

/**
 * Picks a backend by name for the commands that take {@code --backend}.
 *
 * <pre>{@code
 * try (Cluster c = Backends.start("local")) { ... }
 * try (Cluster c = Backends.start("knative", knativeOptions)) { ... }   // --kubeconfig FILE ...
 * }</pre>
 */
public final class Backends {
  /** Backend names this build can start (knative needs {@link KnativeOptions}' --kubeconfig). */
  public static final List<String> NAMES = List.of("sim", "local", "knative");

  private Backends() {}

  /** Starts the backend called {@code name} with its defaults. */
  public static Cluster start(String name) {
    return start(name, new KnativeOptions());
  }

  /**
   * Starts the backend called {@code name}: {@code sim} (4 workers of 20 cores, seed 1),
   * {@code local} (replica processes in CPU cgroups on this machine) or {@code knative}, whose
   * options {@code knative} holds.
   */
  public static Cluster start(String name, KnativeOptions knative) {
    return switch (name == null ? "" : name) {
      case "sim" -> Cluster.simulated().start();
      case "local" -> Cluster.local().start();
      case "knative" -> knative.builder().start();
      default -> throw new IllegalArgumentException("--backend must be one of " + String.join("|", NAMES)
          + ", was '" + name + "'");
    };
  }
}
