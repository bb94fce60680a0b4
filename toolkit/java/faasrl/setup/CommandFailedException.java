package faasrl.setup;

import java.util.List;

/**
 * A remote command exited non-zero or timed out. Carries the command (secrets masked), its exit code
 * ({@link #TIMED_OUT} when it timed out) and the last lines it printed.
 */
public final class CommandFailedException extends RuntimeException {
  /** Exit code reported for a command that was stopped because it ran too long. */
  public static final int TIMED_OUT = -1;

  private final String node;
  private final String command;
  private final int exitCode;
  private final List<String> tail;

  CommandFailedException(String node, String command, int exitCode, List<String> tail, String why) {
    super(node + ": '" + command + "' " + why + (tail.isEmpty() ? "" : "; last output:\n  "
        + String.join("\n  ", tail)));
    this.node = node;
    this.command = command;
    this.exitCode = exitCode;
    this.tail = List.copyOf(tail);
  }

  public String node() {
    return node;
  }

  /** The command as run, secrets masked. */
  public String command() {
    return command;
  }

  /** The exit status, or {@link #TIMED_OUT}. */
  public int exitCode() {
    return exitCode;
  }

  /** The last lines of output (stdout and stderr interleaved), secrets masked. */
  public List<String> tail() {
    return tail;
  }
}
