package faasrl.setup;

import java.time.Duration;

/**
 * Follows a {@link VHiveSetup}: steps starting, finishing or skipped (already done in an earlier
 * run), and every output line. All methods may be called from several threads (nodes run in
 * parallel).
 */
public interface SetupListener extends OutputListener {
  default void started(String node, String step) {}

  default void finished(String node, String step, Duration took) {}

  /** The step was recorded as done by an earlier run and is not repeated. */
  default void skipped(String node, String step) {}

  @Override default void line(String node, String line) {}
}
