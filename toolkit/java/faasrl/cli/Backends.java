package faasrl.cli;

import faasrl.cluster.Cluster;
import java.util.Iterator;
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
  public static final List<String> NAMES = List.of("local");

  private Backends() {}

  /** Starts the backend called {@code name} with its defaults. */
  public static Cluster start(String name) {
    return switch (name == null ? "" : name) {
      case "local" -> Cluster.local().start();
      default -> throw new IllegalArgumentException("--backend must be one of " + String.join("|", NAMES)
          + ", was '" + name + "'");
    };
  }

  /** Completion candidates for picocli. */
  static final class Names implements Iterable<String> {
    @Override public Iterator<String> iterator() {
      return NAMES.iterator();
    }
  }
}
