package faasrl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faasrl bench}: speed measurements; one subcommand per component. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures the speed of a component.",
    subcommands = {BenchSim.class, BenchInvokerCommand.class, BenchDqn.class, BenchSimVersusLocal.class})
final class Bench implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name what to measure, e.g. 'faasrl bench sim'");
  }
}
