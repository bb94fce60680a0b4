package faasrl.experiment;

import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Rewards;
import faasrl.env.ScalingEnv;
import faasrl.env.StateEncoders;
import faasrl.env.Termination;
import faasrl.rl.DqnAgent;
import faasrl.rl.DqnConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the scaling problem is posed to a learning agent: state, actions, reward, termination,
 * reset, training load and DQN hyper-parameters. {@link #FAASRL} is this project's own (the
 * default; its settings live in {@link Setup}); {@link #PAPER} is the paper's, as its code ran it:
 * raw 5-feature vertical state, CPU -30m/0/+30m, the paper's rewards, 10 SLO-met steps in a row
 * end a vertical episode, reset to 100m / 500Mi / 1 replica, one Poisson rate per episode from
 * U[10, 250] RPS (horizontal: U[100, 1000)), and the paper's DQNs.
 *
 * <pre>{@code
 * Formulation f = Formulation.parse("paper");
 * RunResult r = f.trainDqn(Setup.defaults(), f.dqn(400), 400, Path.of("run"), System.err, false, 25);
 * try (Cluster c = Setup.defaults().cluster(1)) {
 *   ScalingEnv env = f.evaluation(Setup.defaults(), c, LoadPattern.poisson(200));
 * }
 * }</pre>
 */
public enum Formulation {
  /** This project's formulation: see {@link Setup#training} and {@link Setup#evaluation}. */
  FAASRL("faasrl", "normalised per-function state (CPU use/limit, throttling, p90/SLO, completion, limit, replicas, "
      + "RPS, cores used) with a short history (recent RPS, 3-minute peak, p90 trend) and the demand on the limit now "
      + "and at that peak; training on a new load pattern per episode (constant, step, diurnal, bursty) with guarded "
      + "exploration",
      "CPU limit x0.75/x0.9/held/x1.1/x1.25/x2/x3; after a missed SLO the DQN never lowers it, and raises it unless "
          + "a roll-out's backlog explains a mild miss (the first action's such miss counts as met for the rules "
          + "below); on a steady load it never lowers it to within 5% of a limit that, at no higher rate in the "
          + "last 90 steps, missed after a trim or hold or was a trim that the limit's next change raised (unless a "
          + "miss at or above it in the 18 steps before forced the raise), and takes the cheapest action within "
          + Setup.STEADY_TRIM + " of the best Q-value (up to 3x that once the limit has held with the SLO met for 36 "
          + "steps) or leaving the last 3 steps' CPU use at most " + Setup.TRIM_UTILISATION + " of the limit, or "
          + "1 / (1 + " + DqnConfig.PERIOD_SPREAD + " / sqrt(n)) with n requests per 100-ms CPU period if "
          + "more (unless the rate rose in each), never down to a limit that missed in the last 18 steps (but for "
          + "a mild miss rolling out of the reset); on a ramp (the rate rose in each of the last two steps, by 10% "
          + "or more but less than double) it leaves at least the last step's CPU use, grown by that step's rise, over "
          + Setup.RAMP_UTILISATION + "; after a miss at a rate " + DqnConfig.JUMP_RISE + "x or more its peak of the 3 "
          + "steps before, it raises the limit to at least that rate's demand over " + DqnConfig.JUMP_UTILISATION
          + ", and while the last 18 steps' peak rate is more than 5% above the recent mean it lowers no limit "
          + "below the fewest cores that met the SLO at 90% of that peak or more (horizontal: -1/0/+1 replicas per "
          + "function, chosen per function by one shared network, which never removes a replica down to a count that "
          + "missed at the current rate, nor adds back a replica it added and removed again within 18 steps while "
          + "the count it came back to meets the SLO)",
      "SLO cost: per missed SLO, per request not served within the SLO (failed, late, queued or in flight), "
          + "configured cores (priced at the largest reachable while the SLO is missed; in a roll-out, at what "
          + "was allocated while the old revision drained), roll-outs per core changed"),
  /** The paper's formulation, as its code computed it. */
  PAPER("paper", "[cpu_user, mem_free, cpu_limit_m, mem_limit_mi, replicas] of worker 1, unnormalised "
      + "(horizontal: [cpu_user, mem_free, net_tx_bits, net_rx_bits, total_replicas, rps])",
      "CPU -30m/0/+30m (horizontal: -1/0/+1 replicas per function, 27 triples)",
      "2*(completed/issued + max(1 - p90/400ms, 0)) - 2.5*(cpu_user*10), -2 without latencies, +0.2 per "
          + "consecutive QoS-met step (horizontal: -1 if any p90 > SLA, else 1 - mean(p90/SLA)^0.4)");

  /** The paper's reset: 100m, 500Mi, one replica. */
  public static final ScalingConfig PAPER_RESET = ScalingConfig.defaults().cpuMillicores(100).memoryMiB(500);
  /** The paper's vertical training load: one Poisson rate per episode from U[10, 250] RPS. */
  public static final double PAPER_RPS_LOW = 10, PAPER_RPS_HIGH = 250;
  /** The paper's horizontal training load: one Poisson rate per episode from U[100, 1000) RPS. */
  public static final double PAPER_HORIZONTAL_RPS_LOW = 100, PAPER_HORIZONTAL_RPS_HIGH = 1000;
  /** The paper's CPU change per action. */
  public static final int PAPER_CPU_DELTA = 30;

  private final String id;
  private final String state;
  private final String actions;
  private final String reward;

  Formulation(String id, String state, String actions, String reward) {
    this.id = id;
    this.state = state;
    this.actions = actions;
    this.reward = reward;
  }

  /** By name ({@code faasrl} or {@code paper}); one clear error otherwise. */
  public static Formulation parse(String name) {
    for (Formulation f : values()) {
      if (f.id.equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("--formulation must be " + Arrays.stream(values()).map(Formulation::id)
        .collect(Collectors.joining(" or ")) + ", was '" + name + "'");
  }

  /** The name on the command line. */
  public String id() {
    return id;
  }

  /** What the agent sees, does and is paid, in three lines of Markdown. */
  public String describe() {
    return String.format(Locale.ROOT, "- state: %s%n- actions: %s%n- reward: %s%n", state, actions, reward);
  }

  /** Writes {@code dir/formulation.md}: the formulation a run used. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("formulation.md"), "Formulation: " + id + "\n\n" + describe());
  }

  /** The vertical training environment on {@code c}. */
  public ScalingEnv training(Setup s, Cluster c) {
    if (this == FAASRL) {
      return s.training(c);
    }
    return paperVertical(s, c).rpsPerEpisode(PAPER_RPS_LOW, PAPER_RPS_HIGH).termination(Termination.paperVertical())
        .build();
  }

  /** A vertical evaluation environment on {@code c}: one endless episode of {@code load} from 100m. */
  public ScalingEnv evaluation(Setup s, Cluster c, LoadPattern load) {
    if (this == FAASRL) {
      return s.evaluation(c, load);
    }
    return paperVertical(s, c).load(load).termination(Termination.never()).build();
  }

  /**
   * The paper's vertical environment on {@code c} (state, -30/0/+30m, reward, 100m / 500Mi reset), with
   * no load or termination yet: the start of a variant that changes one part of the paper's formulation.
   *
   * <pre>{@code
   * try (Cluster c = Setup.defaults().cluster(0)) {
   *   ScalingEnv seesTheLoad = Formulation.paperVertical(Setup.defaults(), c).encoder(StateEncoders.normalised())
   *       .rpsPerEpisode(Formulation.PAPER_RPS_LOW, Formulation.PAPER_RPS_HIGH)
   *       .termination(Termination.paperVertical()).build();
   * }
   * }</pre>
   */
  public static ScalingEnv.Builder paperVertical(Setup s, Cluster c) {
    return ScalingEnv.vertical(c, s.function()).cpuDelta(PAPER_CPU_DELTA).slo(s.slo()).bounds(s.bounds())
        .stepSeconds(s.stepSeconds()).resetConfig(PAPER_RESET).encoder(StateEncoders.paperVertical())
        .reward(Rewards.paperVertical()).seed(s.seed());
  }

  /** The vertical DQN's hyper-parameters for a run of {@code trainingSteps}. */
  public DqnAgent.Builder dqn(int trainingSteps) {
    return this == FAASRL ? Setup.dqn(trainingSteps).steadyTrim(Setup.STEADY_TRIM)
        .rampUtilisation(Setup.RAMP_UTILISATION).trimUtilisation(Setup.TRIM_UTILISATION)
        : DqnAgent.paperVertical();
  }

  /** Trains the vertical DQN {@code b} on a fresh cluster (seeded with the setup's seed); the run goes to {@code out}. */
  public RunResult trainDqn(Setup s, DqnAgent.Builder b, int steps, Path out, PrintStream progress, boolean resume,
      int checkpointEvery) {
    if (this == FAASRL) {
      return Comparison.trainDqn(s, b, steps, out, progress, resume, checkpointEvery);
    }
    try (Cluster c = s.cluster(0)) {
      return trainDqn(s, b, c, steps, out, progress, resume, checkpointEvery);
    }
  }

  /** Trains the vertical DQN {@code b} on {@code c} (any backend). */
  public RunResult trainDqn(Setup s, DqnAgent.Builder b, Cluster c, int steps, Path out, PrintStream progress,
      boolean resume, int checkpointEvery) {
    if (this == FAASRL) {
      return Comparison.trainDqn(s, b, c, steps, out, progress, resume, checkpointEvery);
    }
    ScalingEnv env = training(s, c);
    DqnAgent agent = b.seed(s.seed()).build(env);
    return Experiment.train(agent, env).steps(steps).out(out).checkpointEvery(checkpointEvery).progress(progress)
        .resume(resume).run();
  }

  /**
   * This formulation's horizontal settings on {@code b}: for {@link #PAPER} the raw 6-feature state,
   * the paper's horizontal reward, one replica at reset and, in training, U[100, 1000) RPS per
   * episode ending as soon as every SLA is met (or after 24 steps); {@link #FAASRL} leaves {@code b}
   * as it is.
   */
  public ScalingEnv.Builder horizontal(ScalingEnv.Builder b, boolean training) {
    if (this == FAASRL) {
      return b;
    }
    b.encoder(StateEncoders.paperHorizontal()).reward(Rewards.paperHorizontal()).randomReset(false)
        .resetConfig(PAPER_RESET.cpuMillicores(250));
    if (training) {
      b.rpsPerEpisode(PAPER_HORIZONTAL_RPS_LOW, PAPER_HORIZONTAL_RPS_HIGH).termination(Termination.paperHorizontal(24));
    }
    return b;
  }

  /** The horizontal DQN's hyper-parameters for a run of {@code trainingSteps}. */
  public DqnAgent.Builder horizontalDqn(int trainingSteps) {
    return this == FAASRL ? Setup.dqn(trainingSteps) : DqnAgent.paperHorizontal();
  }

  @Override public String toString() {
    return id;
  }
}
