package faasrl.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Entry point Jupyter runs: {@code java -cp faasrl.jar faasrl.notebook.KernelMain CONNECTION_FILE}.
 * The kernel is fully built (JShell up, imports done, handlers set) before any socket opens, so
 * no request can arrive at a half-made kernel.
 */
public final class KernelMain {
  private KernelMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
      System.err.println("usage: java -cp faasrl.jar faasrl.notebook.KernelMain CONNECTION_FILE");
      System.exit(2);
    }
    KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
    JShellKernel kernel = JShellKernel.create(System.getProperty("java.class.path"));
    kernel.onStartup();
    JupyterConnection connection = new JupyterConnection(props);
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
    System.exit(0); // a snippet may have left non-daemon threads behind
  }
}
