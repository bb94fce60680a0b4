package faasrl.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Entry point Jupyter runs: {@code java -cp faasrl.jar faasrl.notebook.KernelMain CONNECTION_FILE}.
 * The kernel is fully built (JShell up, imports done, handlers set) before any socket opens, so
 * no request can arrive at a half-made kernel. It exits when {@code JPY_PARENT_PID}'s process
 * dies, and drops (and logs) messages with a bad signature instead of going deaf.
 */
public final class KernelMain {
  /** How long a shutdown may take after the parent died before the JVM is halted. */
  private static final long HALT_AFTER_MILLIS = 5_000;

  private KernelMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
      System.err.println("usage: java -cp faasrl.jar faasrl.notebook.KernelMain CONNECTION_FILE");
      System.exit(2);
    }
    ParentWatch.fromEnvironment(System.getenv(), KernelMain::exitNow);
    KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
    JShellKernel kernel = JShellKernel.create(System.getProperty("java.class.path"));
    kernel.onStartup();
    GuardedConnection connection = new GuardedConnection(props);
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
    System.exit(0); // a snippet may have left non-daemon threads behind
  }

  /** Exits; a cell still running (or a stuck shutdown hook) cannot hold the process. */
  private static void exitNow() {
    Thread exit = new Thread(() -> System.exit(0), "faasrl-exit");
    exit.setDaemon(true);
    exit.start();
    try {
      exit.join(HALT_AFTER_MILLIS);
    } catch (InterruptedException ignored) {
      // halt below
    }
    Runtime.getRuntime().halt(0);
  }
}
