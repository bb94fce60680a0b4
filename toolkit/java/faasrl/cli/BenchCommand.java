package faasrl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faasrl bench ...}: speed measurements (they belong here, not in timed unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Speed measurements; each prints its figure as its last line.",
    subcommands = {BenchInvokerCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
