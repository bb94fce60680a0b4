package faasrl.notebook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends the kernel when the process that launched it dies, as ipykernel does with
 * {@code JPY_PARENT_PID}: a client that crashed leaves no kernel behind. Polls once a second, so
 * the kernel is gone within about two seconds of its parent.
 *
 * <pre>{@code
 * ParentWatch.fromEnvironment(System.getenv(), () -> System.exit(0));
 * }</pre>
 */
final class ParentWatch {
  static final String ENV = "JPY_PARENT_PID";
  static final Duration POLL = Duration.ofSeconds(1);

  private ParentWatch() {}

  /**
   * Starts watching the process {@code env} names in {@link #ENV} (if it names a live process other
   * than init) and runs {@code onDeath} once it is gone; returns the watching thread, if any.
   *
   * @throws IllegalArgumentException if the variable is set but not a process id
   */
  static Optional<Thread> fromEnvironment(java.util.Map<String, String> env, Runnable onDeath) {
    String value = env.get(ENV);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV + " must be a process id, was '" + value + "'");
    }
    Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    if (pid <= 1 || parent.isEmpty()) {
      return Optional.empty(); // already gone or init: nothing sensible to watch
    }
    // a pid can be reused: the parent is this pid with this start time
    Optional<Instant> started = parent.get().info().startInstant();
    Thread t = new Thread(() -> {
      while (alive(pid, started)) {
        try {
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
      System.err.println("faasrl kernel: parent process " + pid + " (" + ENV + ") ended; exiting");
      onDeath.run();
    }, "faasrl-parent-watch");
    t.setDaemon(true);
    t.start();
    return Optional.of(t);
  }

  private static boolean alive(long pid, Optional<Instant> started) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    return h.isPresent() && h.get().isAlive()
        && (started.isEmpty() || started.equals(h.get().info().startInstant()));
  }
}
