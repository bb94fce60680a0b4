package faasrl.experiment;

import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Agent;
import faasrl.env.Rewards;
import faasrl.env.ScalingEnv;
import faasrl.env.StateEncoders;
import faasrl.env.Termination;
import faasrl.rl.DqnAgent;
import faasrl.rl.Epsilon;
import faasrl.rl.PerFunctionDqn;
import faasrl.scaler.Hpa;
import faasrl.scaler.Kpa;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The horizontal experiment: three online-shop functions scaled at once by -1/0/+1 replica each (27
 * joint actions) at 250m per replica. The DQN ({@link PerFunctionDqn}) trains on 24-step episodes
 * that start from random replica counts, each function at its own Poisson rate drawn per episode from
 * U[{@value #TRAIN_RPS_LOW}, {@value #TRAIN_RPS_HIGH}) RPS, on the setup's seed; it is then evaluated with
 * KPA and HPA (their defaults) on the seed's evaluation cluster ({@link Seeds#evaluation}), from one
 * replica each, at
 * {@value #EVAL_RPS} RPS per function.
 *
 * <pre>{@code
 * List<Horizontal.Row> rows = Horizontal.run(Setup.defaults().seed(11), 600, 36, Path.of("out/horizontal"), System.err);
 * System.out.print(Horizontal.markdown(rows));   // | dqn | 2.8% | 2106 | ...
 * }</pre>
 */
public final class Horizontal {
  /** The scaled functions. */
  public static final List<String> FUNCTIONS = List.of("adservice", "cartservice", "currencyservice");
  /** CPU limit of every replica. */
  public static final int REPLICA_MILLICORES = 250;
  /** Evaluation rate per function. */
  public static final double EVAL_RPS = 600;
  /** Training rates per function and episode: U[low, high). */
  public static final double TRAIN_RPS_LOW = 100, TRAIN_RPS_HIGH = 1000;
  /** Steps per training episode. */
  public static final int EPISODE_STEPS = 24;
  /**
   * Each function's reward: the SLO-cost defaults, 1 per allocated core (0.25 per replica). 2 per
   * core was tried: the agent then held adservice at one replica at 600 RPS on two of three training
   * seeds (50-69% violations).
   */
  public static final Rewards.Weights WEIGHTS = Rewards.Weights.defaults();

  private Horizontal() {}

  /**
   * One agent's evaluation on one seed.
   *
   * @param agent            dqn, kpa or hpa
   * @param seed             the setup's (training) seed; evaluated on {@link Seeds#evaluation(long)} of it
   * @param sloViolationRate fraction of steps in which some function missed its SLO
   * @param replicaSeconds   replicas summed over the functions, integrated over the run
   * @param summary          everything else the run measured
   */
  public record Row(String agent, long seed, double sloViolationRate, double replicaSeconds, Summary summary) {}

  /** {@link #run(Setup, Formulation, int, int, Path, PrintStream)} in this project's formulation. */
  public static List<Row> run(Setup setup, int trainingSteps, int evalSteps, Path out, PrintStream progress) {
    return run(setup, Formulation.FAASRL, trainingSteps, evalSteps, out, progress);
  }

  /**
   * Trains the DQN for {@code trainingSteps} on the setup's seed, then evaluates it, KPA and HPA for
   * {@code evalSteps} each on {@link Seeds#evaluation(long)}; step logs go to {@code out/train} and
   * {@code out/<agent>}. The paper's formulation trains the paper's joint 27-action DQN on its state
   * and reward instead of {@link PerFunctionDqn}.
   */
  public static List<Row> run(Setup setup, Formulation formulation, int trainingSteps, int evalSteps, Path out,
      PrintStream progress) {
    Agent dqn;
    try (Cluster c = setup.cluster(0)) {
      ScalingEnv env = formulation.horizontal(trainingEnv(setup, c), true).build();
      dqn = formulation == Formulation.FAASRL ? agent(setup, trainingSteps)
          : formulation.horizontalDqn(trainingSteps).seed(setup.seed()).build(env);
      Experiment.train(dqn, env).steps(trainingSteps).out(out.resolve("train")).checkpointEvery(0)
          .progress(progress).run();
    }
    List<Row> rows = new ArrayList<>();
    List<Supplier<Agent>> agents = List.of(() -> dqn, () -> Kpa.builder().build(), () -> Hpa.builder().build());
    for (Supplier<Agent> make : agents) {
      Agent a = make.get();
      try (Cluster c = setup.clusters().start(Seeds.evaluation(setup.seed()))) {
        ScalingEnv env = formulation.horizontal(evaluationEnv(setup, c), false).build();
        RunResult r = Experiment.evaluate(a, env).steps(evalSteps).out(out.resolve(a.name())).checkpointEvery(0)
            .progress(progress).run();
        Summary s = r.summary();
        rows.add(new Row(a.name(), setup.seed(), s.sloViolationRate(), s.replicaSeconds(), s));
      }
    }
    return rows;
  }

  /**
   * The DQN: a network shared by the functions, epsilon 1 to 0.05 over the first half of training; in
   * evaluation it never removes a replica down to a count that missed at the current rate, nor repeats
   * an add it undid within 18 steps while the lower count meets the SLO
   * ({@link PerFunctionDqn.Builder#missMemory}).
   */
  public static PerFunctionDqn agent(Setup setup, int trainingSteps) {
    double transitions = (double) trainingSteps * FUNCTIONS.size();
    return PerFunctionDqn.builder().reward(Rewards.sloCost(WEIGHTS))
        .dqn(DqnAgent.builder().updatesPerStep(1).epsilon(Epsilon.linear(1, 0.05, Math.max(1, transitions / 2))))
        .missMemory(true).seed(setup.seed()).build();
  }

  /** The training environment: random rates per episode and function, random starting replicas. */
  public static ScalingEnv.Builder trainingEnv(Setup setup, Cluster c) {
    return base(setup, c).rpsPerEpisode(TRAIN_RPS_LOW, TRAIN_RPS_HIGH).randomReset(true)
        .termination(Termination.truncateAfter(EPISODE_STEPS));
  }

  /** The evaluation environment: one endless episode at {@link #EVAL_RPS} per function from one replica each. */
  public static ScalingEnv.Builder evaluationEnv(Setup setup, Cluster c) {
    return base(setup, c).load(LoadPattern.poisson(EVAL_RPS)).termination(Termination.never());
  }

  private static ScalingEnv.Builder base(Setup setup, Cluster c) {
    return ScalingEnv.horizontal(c, FUNCTIONS.toArray(new String[0])).slo(setup.slo()).bounds(setup.bounds())
        .stepSeconds(setup.stepSeconds()).resetConfig(ScalingConfig.defaults().cpuMillicores(REPLICA_MILLICORES))
        .encoder(StateEncoders.normalised()).seed(setup.seed());
  }

  /** A Markdown table of rows: agent, seed, SLO violations (%), replica-s. */
  public static String markdown(List<Row> rows) {
    StringBuilder md = new StringBuilder("| agent | seed | SLO violations | replica-s |\n|---|---:|---:|---:|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.0f |%n", r.agent(), r.seed(),
          100 * r.sloViolationRate(), r.replicaSeconds()));
    }
    return md.toString();
  }
}
