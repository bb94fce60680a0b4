package faasrl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Agent;
import faasrl.env.EnvSpec;
import faasrl.env.ScalingEnv;
import faasrl.experiment.Comparison;
import faasrl.experiment.Experiment;
import faasrl.experiment.OracleSearch;
import faasrl.experiment.Report;
import faasrl.experiment.RunResult;
import faasrl.experiment.RunSettings;
import faasrl.experiment.Setup;
import faasrl.experiment.Evaluator;
import faasrl.experiment.Formulation;
import faasrl.experiment.Seeds;
import faasrl.rl.DqnAgent;
import faasrl.scaler.RuleBased;
import faasrl.scaler.StaticScaler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faasrl evaluate}: runs one agent greedily on one workload, on any backend. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Evaluates an agent (a trained DQN, or kpa, hpa, vpa, static, oracle) on one workload (of the "
        + "simulated cluster unless --backend), from 100m and one replica; every step goes to DIR/steps.csv, "
        + "figures of CPU limit, p90 and reward per step to DIR/figures. The oracle searches static limits with "
        + "whole evaluations: on a real backend that takes many times --steps x --step-seconds."})
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--agent", required = true, description = "dqn, kpa, hpa, vpa, static or oracle.")
  String agent;

  @Option(names = "--from", description = "For dqn: the saved agent, e.g. RUN/checkpoint/agent.")
  Path from;

  @Option(names = "--function", defaultValue = "adservice", description = "Function to scale (default: ${DEFAULT-VALUE}).")
  String function;

  @Option(names = "--load", defaultValue = "poisson:300",
      description = "Load pattern: 300, poisson:300, step:150:450:300, diurnal:50:450:600, bursty:150:500:120:30 "
          + "(default: ${DEFAULT-VALUE}).")
  String load;

  @Option(names = "--steps", defaultValue = "60", description = "Evaluation steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--out", required = true, description = "Run directory.")
  Path out;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
  boolean resume;

  @Option(names = "--seed", defaultValue = DefaultSeed.VALUE, description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--slo-ms", defaultValue = "5", description = "p90 SLO in milliseconds (default: ${DEFAULT-VALUE}).")
  long sloMs;

  @Option(names = "--formulation", paramLabel = "NAME", defaultValue = "faasrl",
      description = "faasrl or paper: the environment's state, actions and reward; a DQN must have been trained with "
          + "the same one; written to DIR/formulation.md (default: ${DEFAULT-VALUE}).")
  String formulation;

  @Mixin ExperimentOptions experiment;

  @Override public Integer call() throws IOException {
    Formulation f = Formulation.parse(formulation);
    Setup setup = experiment.apply(Setup.defaults().function(function).slo(Duration.ofMillis(sloMs)).seed(seed));
    LoadPattern pattern = LoadPattern.parse(load);
    RunSettings settings = experiment.settings("--agent", agent, "--from", from, "--function", function, "--load",
        load, "--seed", seed, "--slo-ms", sloMs, "--formulation", formulation);
    Agent a = switch (agent) {
      case "dqn" -> {
        if (!DqnAgent.isSaved(from)) {
          throw new IllegalArgumentException("--agent dqn needs --from DIR holding a saved agent (agent.json), e.g. "
              + "RUN/checkpoint/agent of 'faasrl train'" + (from == null ? "" : "; " + from + " holds none"));
        }
        yield DqnAgent.restore(from);
      }
      case "kpa", "hpa", "vpa" -> RuleBased.byName(agent);
      case "static" -> StaticScaler.productionDefault();
      case "oracle" -> OracleSearch.cpu(new Evaluator(setup, pattern, steps).formulation(f), ScalingConfig.defaults(), 10,
          Comparison.MIN_MET_RATE).agent();
      default -> throw new IllegalArgumentException("--agent must be dqn, kpa, hpa, vpa, static or oracle, was '"
          + agent + "'");
    };
    try (var cluster = setup.clusters().start(Seeds.evaluation(seed))) {
      ScalingEnv env = f.evaluation(setup, cluster, pattern);
      if (agent.equals("dqn")) {
        checkFits(from, env.spec(), f);
      }
      settings.prepare(out, resume);
      f.write(out);
      RunResult r = Experiment.evaluate(a, env).steps(steps).out(out).resume(resume)
          .checkpointEvery(10).progress(System.err).run();
      Report.runFigures(r.steps(), function, a.name() + " on " + load, out.resolve("figures"));
      spec.commandLine().getOut().println(a.name() + ": " + r.summary());
    }
    return 0;
  }

  /** One clear error when the saved DQN was trained with another state or action space. */
  private static void checkFits(Path from, EnvSpec spec, Formulation f) throws IOException {
    JsonNode saved = new ObjectMapper().readTree(from.resolve("agent.json").toFile());
    int state = saved.path("stateSize").asInt(-1), actions = saved.path("actions").asInt(-1);
    if (state != spec.stateSize() || actions != spec.actions().size()) {
      throw new IllegalArgumentException("the agent in " + from + " takes " + state + " state features and "
          + actions + " actions, but --formulation " + f.id() + " gives " + spec.stateSize() + " and "
          + spec.actions().size() + ": evaluate with the formulation it was trained with");
    }
  }
}
