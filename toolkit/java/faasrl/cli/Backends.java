package faasrl.cli;

import faasrl.cluster.Cluster;
import java.util.List;

/**
 * Picks a backend by name for the commands that take {@code --backend}.
 *
 * <pre>{@code
 * try (Cluster c = Backends.start("local")) { ... }
 * }</pre>
 */
public final class Backends {
  /** Backend names this build can start without further options. */
  public static final List<String> NAMES = List.of("sim", "local");

  private Backends() {}

  /**
   * Starts the backend called {@code name} with its defaults: {@code sim} (4 workers of 20 cores,
   * seed 1) or {@code local} (replica processes in CPU cgroups on this machine).
   */
  public static Cluster start(String name) {
    return switch (name == null ? "" : name) {
      case "sim" -> Cluster.simulated().start();
      case "local" -> Cluster.local().start();
      default -> throw new IllegalArgumentException("--backend must be one of " + String.join("|", NAMES)
          + ", was '" + name + "'");
    };
  }
}
