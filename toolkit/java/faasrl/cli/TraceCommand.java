package faasrl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faasrl trace ...}: production traces (the Azure Functions 2019 format). */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = "Production traces in the Azure Functions 2019 format.",
    subcommands = {TraceReplayCommand.class})
public final class TraceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
