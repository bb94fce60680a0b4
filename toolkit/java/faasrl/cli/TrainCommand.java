package faasrl.cli;

import faasrl.cluster.Cluster;
import faasrl.experiment.Comparison;
import faasrl.experiment.Report;
import faasrl.experiment.RunResult;
import faasrl.experiment.Setup;
import faasrl.rl.DqnAgent;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faasrl train}: trains a DQN on the simulated cluster (or {@code --backend local}),
 * checkpointing, and writes figures of the run; {@code --resume} continues a killed run.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a DQN to scale one function's CPU limit on the simulated cluster: one Poisson rate per "
        + "24-step episode, random starting limits. Every step is appended to DIR/steps.csv; the agent is "
        + "checkpointed in DIR/checkpoint (DIR/checkpoint/agent is what 'faasrl evaluate --agent dqn --from' reads); "
        + "DIR/figures holds CPU limit, p90 and reward per step."})
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--function", defaultValue = "adservice", description = "Function to scale (default: ${DEFAULT-VALUE}).")
  String function;

  @Option(names = "--steps", defaultValue = "600", description = "Total training steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--out", required = true, description = "Run directory.")
  Path out;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
  boolean resume;

  @Option(names = "--checkpoint-every", defaultValue = "25", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--slo-ms", defaultValue = "5", description = "p90 SLO in milliseconds (default: ${DEFAULT-VALUE}).")
  long sloMs;

  @Option(names = "--preset", defaultValue = "default",
      description = "DQN configuration: default (the experiments': epsilon over half the steps), paper-vertical or "
          + "paper-horizontal (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Option(names = "--backend", defaultValue = "sim",
      description = "sim (default) or local: real function processes with cgroup CPU limits on this machine.")
  String backend;

  @Option(names = "--step-seconds", description = "Step length in seconds (default: the setup's, 10).")
  Double stepSeconds;

  @Override public Integer call() {
    if (sloMs < 1) {
      throw new IllegalArgumentException("--slo-ms must be >= 1, was " + sloMs);
    }
    if (!backend.equals("sim") && !backend.equals("local")) {
      throw new IllegalArgumentException("--backend must be sim or local, was '" + backend + "'");
    }
    Setup setup = Setup.defaults().function(function).slo(Duration.ofMillis(sloMs)).seed(seed);
    if (stepSeconds != null) {
      setup = setup.stepSeconds(stepSeconds);
    }
    PrintStream progress = quiet ? null : System.err;
    RunResult r;
    if (backend.equals("sim")) {
      r = Comparison.trainDqn(setup, preset(preset, steps), steps, out, progress, resume, checkpointEvery);
    } else {
      try (Cluster c = Backends.start(backend)) {
        r = Comparison.trainDqn(setup, preset(preset, steps), c, steps, out, progress, resume, checkpointEvery);
      }
    }
    Path figures = out.resolve("figures");
    try {
      Report.figure(r.steps(), "Training on " + backend + ": CPU limit per step", "cpu_m", null,
          figures.resolve("cpu_m.html"));
      Report.figure(r.steps(), "Training on " + backend + ": p90 latency (us) per step", "p90_us", null,
          figures.resolve("p90_us.html"));
      Report.figure(r.steps(), "Training on " + backend + ": reward per step", "reward", null,
          figures.resolve("reward.html"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write figures to " + figures + ": " + e.getMessage(), e);
    }
    spec.commandLine().getOut().println("trained: " + r.summary());
    return 0;
  }

  static DqnAgent.Builder preset(String name, int steps) {
    return switch (name) {
      case "default" -> Setup.dqn(steps);
      case "paper-vertical" -> DqnAgent.paperVertical();
      case "paper-horizontal" -> DqnAgent.paperHorizontal();
      default -> throw new IllegalArgumentException("--preset must be default, paper-vertical or paper-horizontal, was '"
          + name + "'");
    };
  }
}
