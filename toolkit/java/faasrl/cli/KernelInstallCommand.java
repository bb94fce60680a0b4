package faasrl.cli;

import faasrl.notebook.KernelSpec;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faasrl kernel install [--user | --prefix P]}: writes the "Java (faasrl)" kernelspec, with
 * this jar on the kernel's classpath.
 *
 * <pre>
 * java -jar target/faasrl.jar kernel install --user
 * jupyter kernelspec list     # faasrl  ~/.local/share/jupyter/kernels/faasrl
 * </pre>
 */
@Command(name = "install", mixinStandardHelpOptions = true,
    description = "Install the Java (faasrl) kernelspec (default: for this user).")
public final class KernelInstallCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.ArgGroup(exclusive = true)
  Where where;

  static final class Where {
    @Option(names = "--user", description = "Install in Jupyter's per-user directory (the default).")
    boolean user;

    @Option(names = "--prefix", paramLabel = "P",
        description = "Install under P/share/jupyter/kernels (e.g. a virtualenv or a test directory).")
    Path prefix;
  }

  @Override public void run() {
    Path kernels = where != null && where.prefix != null
        ? KernelSpec.prefixKernelsDir(where.prefix) : KernelSpec.userKernelsDir();
    KernelSpec kernel = KernelSpec.forCurrentJvm();
    Path dir = kernel.install(kernels);
    spec.commandLine().getOut().println("Installed kernelspec " + KernelSpec.NAME + " (\""
        + KernelSpec.DISPLAY_NAME + "\") in " + dir.toAbsolutePath());
  }
}
