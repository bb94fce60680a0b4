package faasrl.cli;

import faasrl.experiment.Comparison;
import faasrl.experiment.Formulation;
import faasrl.experiment.Report;
import faasrl.experiment.RunResult;
import faasrl.experiment.Setup;
import faasrl.rl.DqnAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faasrl train}: trains a DQN on any backend, checkpointing, then draws its figures;
 * {@code --resume} continues a killed run.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a DQN to scale one function's CPU limit (on the simulated cluster unless --backend). "
        + "--formulation faasrl (default): normalised state with a short history, CPU x0.75/x0.9/held/x1.1/x1.25/x2/x3, SLO-cost "
        + "reward, a new load pattern per 24-step episode (constant, step, diurnal or bursty), random starting limits, "
        + "guarded exploration (while the SLO is missed a rule decides and the agent learns from it), and "
        + "--pretrain-from to learn from rule-based scalers' trajectories first; --formulation paper: the paper's raw "
        + "state, -30/0/+30m, its reward and termination, reset 100m/500Mi, U[10,250] RPS per episode. SLO violations "
        + "during training are shown as it runs. Every step is appended to DIR/steps.csv; the "
        + "agent is checkpointed in DIR/checkpoint (DIR/checkpoint/agent is what 'faasrl evaluate --agent dqn --from' "
        + "reads); figures of CPU limit, p90 and reward per step go to DIR/figures.",
        "Example: faasrl train --backend local --function shippingservice --steps 20 --step-seconds 5 --out run",
        "Example: faasrl train --pretrain-from kpa,hpa,vpa --pretrain-steps 150 --steps 800 --out run"})
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

  @Option(names = "--seed", defaultValue = DefaultSeed.VALUE, description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--slo-ms", defaultValue = "5", description = "p90 SLO in milliseconds (default: ${DEFAULT-VALUE}).")
  long sloMs;

  @Option(names = "--preset", defaultValue = "default",
      description = "DQN configuration: default (the experiments': epsilon over half the steps), paper-vertical or "
          + "paper-horizontal (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--formulation", paramLabel = "NAME", defaultValue = "faasrl",
      description = "faasrl or paper: state, actions, reward, termination, reset, training load (paper: U[10,250] RPS "
          + "per episode) and, with --preset default, DQN hyper-parameters; written to DIR/formulation.md "
          + "(default: ${DEFAULT-VALUE}).")
  String formulation;

  @Option(names = "--pretrain-from", paramLabel = "SCALERS", defaultValue = "",
      description = "Pre-train from these rule-based scalers' trajectories first (comma-separated: kpa, hpa, vpa; "
          + "production defaults, one episode each in turn), e.g. kpa,hpa,vpa.")
  String pretrainFrom;

  @Option(names = "--pretrain-steps", paramLabel = "N", defaultValue = "150",
      description = "Pre-training steps in all, before the --steps of the agent's own (default: ${DEFAULT-VALUE}; "
          + "used with --pretrain-from).")
  int pretrainSteps;

  @Option(names = "--constant-weight", paramLabel = "K", defaultValue = "1",
      description = "Draw a constant training load K times as often as each other kind (default: ${DEFAULT-VALUE}; "
          + "the full reproduce trains with 3, half of the episodes constant).")
  int constantWeight;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Mixin ExperimentOptions experiment;

  @Override public Integer call() throws IOException {
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, was " + steps);
    }
    if (sloMs < 1) {
      throw new IllegalArgumentException("--slo-ms must be >= 1, was " + sloMs);
    }
    if (pretrainSteps < 0) {
      throw new IllegalArgumentException("--pretrain-steps must be >= 0, was " + pretrainSteps);
    }
    if (constantWeight < 1) {
      throw new IllegalArgumentException("--constant-weight must be >= 1, was " + constantWeight);
    }
    Formulation f = Formulation.parse(formulation);
    if (!pretrainFrom.isBlank() && f != Formulation.FAASRL) {
      throw new IllegalArgumentException("--pretrain-from works with --formulation faasrl only");
    }
    Comparison.Pretraining pre = pretrainFrom.isBlank() ? Comparison.Pretraining.NONE
        : Comparison.Pretraining.of(pretrainFrom, pretrainSteps);
    Setup setup = experiment.apply(Setup.defaults().function(function).slo(Duration.ofMillis(sloMs)).seed(seed))
        .constantWeight(constantWeight);
    DqnAgent.Builder b = preset(preset, f, steps);
    experiment.settings("--seed", seed, "--preset", preset, "--slo-ms", sloMs, "--function", function, "--steps", steps,
        "--formulation", formulation, "--pretrain-from", pretrainFrom, "--pretrain-steps", pretrainSteps,
        "--constant-weight", constantWeight)
        .prepare(out, resume);
    f.write(out);
    RunResult r = pre == Comparison.Pretraining.NONE
        ? f.trainDqn(setup, b, steps, out, quiet ? null : System.err, resume, checkpointEvery)
        : Comparison.trainDqn(setup, b, steps, out, quiet ? null : System.err, resume, checkpointEvery, pre);
    Report.runFigures(r.steps(), function, "DQN training of " + function, out.resolve("figures"));
    spec.commandLine().getOut().println("trained: " + r.summary());
    return 0;
  }

  static DqnAgent.Builder preset(String name, Formulation f, int steps) {
    return switch (name) {
      case "default" -> f.dqn(steps);
      case "paper-vertical" -> DqnAgent.paperVertical();
      case "paper-horizontal" -> DqnAgent.paperHorizontal();
      default -> throw new IllegalArgumentException("--preset must be default, paper-vertical or paper-horizontal, was '"
          + name + "'");
    };
  }
}
