package faasrl.setup;

/**
 * Receives remote output line by line as it arrives (secrets already masked): the CLI's progress
 * display and notebooks listen here.
 *
 * <pre>{@code
 * OutputListener print = (node, line) -> System.out.println("[" + node + "] " + line);
 * }</pre>
 */
@FunctionalInterface
public interface OutputListener {
  /** Ignores everything. */
  OutputListener NONE = (node, line) -> {};

  /** One line of output of a command on {@code node}. */
  void line(String node, String line);
}
