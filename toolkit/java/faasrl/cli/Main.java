package faasrl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code faasrl} command line. Each subcommand is a class of its own in this package; add new
 * ones to {@code subcommands} below.
 *
 * <p>Exit codes: 0 success, 1 an unexpected failure, 2 bad input (unknown function, bad number,
 * malformed file), with one clear message on stderr.
 */
@Command(name = "faasrl", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Reinforcement-learning autoscaling of serverless functions: simulate, invoke, scale, learn.",
    subcommands = {
        CommandLine.HelpCommand.class,
        Simulate.class,
        Sweep.class,
        Bench.class,
        InvokeCommand.class,
        CalibrateCommand.class,
        SetupCommand.class,
        KnativeStatusCommand.class,
        ReproduceCommand.class,
        TrainCommand.class,
        EvaluateCommand.class,
        ValidateCommand.class,
        KernelCommand.class,
        TraceCommand.class,
    })
public final class Main implements Runnable {
  /** Exit code for bad input. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    OutOfMemory.install();
    int code;
    try {
      code = run(args);
    } catch (OutOfMemoryError e) {
      code = OutOfMemory.report();
    }
    System.exit(code);
  }

  /** Runs the command line and returns its exit code (used by tests). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, for tests that capture output. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setParameterExceptionHandler((ex, args) -> {
      ex.getCommandLine().getErr().println("faasrl: " + ex.getMessage());
      return BAD_INPUT;
    });
    return cl;
  }

  private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (OutOfMemory.causedBy(ex)) {
      return OutOfMemory.report(err);
    }
    if (ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException) {
      err.println("faasrl: " + ex.getMessage());
      return BAD_INPUT;
    }
    err.println("faasrl: " + ex);
    if (System.getenv("FAASRL_DEBUG") != null) {
      ex.printStackTrace(err);
    } else {
      err.println("(set FAASRL_DEBUG=1 for the stack trace)");
    }
    return 1;
  }

  @Override public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Version from the jar manifest, and the hash of the sources the jar was built from. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"faasrl " + (v == null ? "dev" : v), "source=" + faasrl.notebook.SourceHash.embedded()};
    }
  }
}
