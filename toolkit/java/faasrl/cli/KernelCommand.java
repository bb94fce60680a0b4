package faasrl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faasrl kernel ...}: the Jupyter kernel. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
    description = "The Java (faasrl) Jupyter kernel.",
    subcommands = {KernelInstallCommand.class})
public final class KernelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
