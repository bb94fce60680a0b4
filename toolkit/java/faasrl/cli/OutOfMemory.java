package faasrl.cli;

/**
 * Turns an {@link OutOfMemoryError}, in any thread of the CLI, into one line on stderr and exit code
 * {@link Main#BAD_INPUT}: running out of heap means the asked work does not fit the heap given, which
 * the user fixes by asking for less or giving more, not by reading a stack trace.
 *
 * <pre>{@code
 * OutOfMemory.install();                       // first thing in main
 * try {
 *   // ... the command ...
 * } catch (OutOfMemoryError e) {
 *   System.exit(OutOfMemory.report());
 * }
 * }</pre>
 */
final class OutOfMemory {
  /** Freed before the message is printed, so that printing it has room even when the heap is full. */
  private static volatile byte[] reserve;
  private static volatile String message = message();

  private OutOfMemory() {}

  /** Keeps a reserve and makes every thread's uncaught OutOfMemoryError end the process with the line. */
  static void install() {
    message = message();
    reserve = new byte[1 << 20];
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      if (causedBy(e)) {
        System.exit(report()); // runs shutdown hooks: replicas and cgroups are removed
      } else if (previous != null) {
        previous.uncaughtException(thread, e);
      } else {
        thread.getThreadGroup().uncaughtException(thread, e);
      }
    });
  }

  /** True if {@code e} or one of its causes is an OutOfMemoryError. */
  static boolean causedBy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /** Prints the one line on stderr and returns the exit code. */
  static int report() {
    return report(new java.io.PrintWriter(System.err, true));
  }

  /** Prints the one line on {@code err} and returns the exit code. */
  static synchronized int report(java.io.PrintWriter err) {
    reserve = null;
    err.println(message);
    err.flush();
    return Main.BAD_INPUT;
  }

  private static String message() {
    long mib = Runtime.getRuntime().maxMemory() >> 20;
    return "faasrl: out of memory: the asked work does not fit the Java heap of " + mib + " MiB; ask for less "
        + "(fewer requests, steps or points) or give more with FAASRL_JAVA_OPTS=-Xmx<size>";
  }
}
