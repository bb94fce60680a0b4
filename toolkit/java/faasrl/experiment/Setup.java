package faasrl.experiment;

import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.env.ActionSpace;
import faasrl.env.Agent;
import faasrl.env.Bounds;
import faasrl.env.EpisodeLoads;
import faasrl.env.Rewards;
import faasrl.env.ScalingEnv;
import faasrl.env.StateEncoders;
import faasrl.env.Termination;
import faasrl.rl.DqnAgent;
import faasrl.rl.Epsilon;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings every experiment shares: the clusters it runs on (by default the simulated cluster, 4
 * workers x 20 cores; any backend through {@link #clusters(ClusterFactory)}), the scaled
 * function, its p90 SLO, bounds, the step length and the seed. The
 * training environment draws a new load pattern per 24-step episode ({@link #trainingLoads()}:
 * constant, step, diurnal or bursty within the training rates) and starts each episode from a
 * random CPU limit; evaluation environments run one endless episode from 100m on a given pattern.
 * Both offer the actions of {@link #actions()} (the CPU limit changed by a percentage of itself) and
 * use the state with a short history ({@link StateEncoders#withHistory()}) and the SLO-cost reward
 * with {@link #WEIGHTS}.
 *
 * <pre>{@code
 * Setup s = Setup.defaults().function("cartservice").seed(11);
 * try (Cluster c = s.cluster(0)) {
 *   ScalingEnv env = s.evaluation(c, LoadPattern.poisson(300));
 * }
 * }</pre>
 *
 * @param function    the function scaled vertically
 * @param slo         its p90 objective
 * @param bounds      CPU and replica bounds
 * @param stepSeconds step length
 * @param rpsLow      lowest training rate
 * @param rpsHigh     highest training rate
 * @param seed        seeds clusters, environments and agents
 * @param clusters    starts the clusters the experiments run on
 * @param constantWeight how many times as often as each other kind a training episode draws a
 *                    constant load ({@link #trainingLoads()})
 */
public record Setup(String function, Duration slo, Bounds bounds, double stepSeconds, double rpsLow,
    double rpsHigh, long seed, ClusterFactory clusters, int constantWeight) {

  public Setup {
    if (constantWeight < 1) {
      throw new IllegalArgumentException("constant weight must be >= 1, was " + constantWeight);
    }
  }

  /** Settings on {@code clusters}, every kind of training load equally likely. */
  public Setup(String function, Duration slo, Bounds bounds, double stepSeconds, double rpsLow,
      double rpsHigh, long seed, ClusterFactory clusters) {
    this(function, slo, bounds, stepSeconds, rpsLow, rpsHigh, seed, clusters, 1);
  }

  /** Settings on the simulated cluster ({@link ClusterFactory#SIMULATED}). */
  public Setup(String function, Duration slo, Bounds bounds, double stepSeconds, double rpsLow,
      double rpsHigh, long seed) {
    this(function, slo, bounds, stepSeconds, rpsLow, rpsHigh, seed, ClusterFactory.SIMULATED);
  }

  /** The starting configuration of every evaluation: the paper's reset, 100m and one replica. */
  public static final ScalingConfig START = ScalingConfig.defaults().cpuMillicores(100);

  /**
   * The vertical experiments' reward: SLO-cost with 1 per violating step, 2 per unit fraction of
   * requests not served within the SLO, 4 per configured core and 2 per core of change. Every 10m
   * saved is worth 0.04 per step; a violating step costs at least 1 + 4 (priced at the 1-core
   * ceiling) plus its misses, so no saving pays for a violation.
   */
  public static final Rewards.Weights WEIGHTS = new Rewards.Weights(1, 2, 4, 0, 2);

  /** adservice, p90 SLO 5 ms, 20..1000m and 1..10 replicas, 10 s steps, training 50..500 RPS, seed 7. */
  public static Setup defaults() {
    return new Setup("adservice", Duration.ofMillis(5), Bounds.of(20, 1000, 1, 10), 10, 50, 500, 7);
  }

  /**
   * The experiments' DQN: {@link DqnAgent#builder()} defaults with epsilon falling linearly from 1
   * to 0.05 over the first half of {@code trainingSteps}, never lowering the limit right after a
   * missed SLO ({@link DqnAgent.Builder#masked}), a Huber threshold of {@value #HUBER_DELTA}, and
   * one update per step on 64 transitions (on the validation loads as good as two on 32 within the
   * spread of five seeds, in half the time), and a dueling head (on the validation loads fewer
   * violations in bursts with less CPU). The vertical experiments' agent adds the action rules to it:
   * {@link Formulation#dqn(int) Formulation.FAASRL.dqn(trainingSteps)}.
   */
  public static DqnAgent.Builder dqn(int trainingSteps) {
    return DqnAgent.builder().masked(true).huberDelta(HUBER_DELTA).updatesPerStep(1).batchSize(64).dueling(true)
        .epsilon(Epsilon.linear(1, 0.05, Math.max(1, trainingSteps / 2.0)));
  }

  /**
   * The Huber threshold on the TD error, on the scale of {@link #WEIGHTS}: a violating step costs
   * about 7 and a CPU step saved about 0.1. With the builder's default of 1, the error of a rare
   * violation was clipped to the size of a few savings, so the agent learnt to trim between bursts
   * and paid for it when the next one came.
   */
  public static final double HUBER_DELTA = 10;

  /**
   * The vertical DQN's {@link DqnAgent.Builder#steadyTrim}: on a steady load it takes the cheapest
   * action whose Q-value is within this of the best, or up to three times this once the limits have
   * held with the SLO met for 36 steps.
   */
  public static final double STEADY_TRIM = 0.5;

  /**
   * The vertical DQN's {@link DqnAgent.Builder#rampUtilisation}: on a ramp it keeps the use projected
   * one step ahead under 80% of the limit. Chosen on the validation loads' ramps (0.75 to 0.9 scored).
   */
  public static final double RAMP_UTILISATION = 0.8;

  /**
   * The vertical DQN's {@link DqnAgent.Builder#trimUtilisation}: on a steady load it may also take any
   * action that leaves the recent CPU use at most 75% of the new limit. Chosen on the validation loads'
   * long constant loads (0.7 to 0.8 scored).
   */
  public static final double TRIM_UTILISATION = 0.75;

  /** Steps of one training episode. */
  public static final int EPISODE_STEPS = 24;

  /**
   * The training load: per episode a constant, step, diurnal or bursty pattern with rates in
   * {@code [rpsLow, rpsHigh]}, drawn from the training environment's own seed stream; constant
   * {@link #constantWeight} times as often as each other kind.
   */
  public EpisodeLoads trainingLoads() {
    return EpisodeLoads.mixed(rpsLow, rpsHigh, EPISODE_STEPS * stepSeconds).constantWeight(constantWeight);
  }

  /**
   * A constant training load drawn {@code v} times as often as each other kind: 3 makes half of the
   * episodes constant, which pays only in long training (the full {@code reproduce} run's; see
   * {@link PaperExperiments.Sizes#full()}).
   */
  public Setup constantWeight(int v) {
    return new Setup(function, slo, bounds, stepSeconds, rpsLow, rpsHigh, seed, clusters, v);
  }

  /**
   * The rule-based scaler of guarded exploration ({@link Experiment#guard}): {@link SloGuard}, which
   * doubles the limit after a missed step.
   */
  public static Agent guard() {
    return new SloGuard();
  }

  public Setup function(String v) {
    return new Setup(v, slo, bounds, stepSeconds, rpsLow, rpsHigh, seed, clusters, constantWeight);
  }

  public Setup slo(Duration v) {
    return new Setup(function, v, bounds, stepSeconds, rpsLow, rpsHigh, seed, clusters, constantWeight);
  }

  public Setup seed(long v) {
    return new Setup(function, slo, bounds, stepSeconds, rpsLow, rpsHigh, v, clusters, constantWeight);
  }

  /** The CPU changes of {@link #actions()}, in percent of the current limit. */
  private static final int[] CPU_PERCENTS = {-25, -10, 0, 10, 25, 100, 200};

  /**
   * The vertical actions: the CPU limit x0.75, x0.9, held, x1.1, x1.25, x2 or x3. Relative steps
   * suit every function alike (one needs 20m, another 800m); x2 and x3 catch a burst in one step
   * where +30m a step took five, and the 10% steps let the agent settle near the cheapest safe
   * limit.
   */
  public ActionSpace actions() {
    return ActionSpace.cpuPercent(List.of(function), CPU_PERCENTS);
  }

  /** Step length in seconds (> 0); on real backends every step takes this long. */
  public Setup stepSeconds(double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("step length must be > 0 s, was " + v);
    }
    return new Setup(function, slo, bounds, v, rpsLow, rpsHigh, seed, clusters, constantWeight);
  }

  /** Where the experiments run: {@code seed -> Clusters.local().start()} for the local backend. */
  public Setup clusters(ClusterFactory v) {
    return new Setup(function, slo, bounds, stepSeconds, rpsLow, rpsHigh, seed,
        Objects.requireNonNull(v, "clusters"), constantWeight);
  }

  /** A fresh cluster from {@link #clusters()}, seeded with {@code seed + offset}. */
  public Cluster cluster(long offset) {
    return clusters.start(seed + offset);
  }

  /** The vertical training environment on {@code c}, on {@link #trainingLoads()}. */
  public ScalingEnv training(Cluster c) {
    return training(c, trainingLoads());
  }

  /** The vertical training environment on {@code c}, on {@code loads} (e.g. with a trace added). */
  public ScalingEnv training(Cluster c, EpisodeLoads loads) {
    return ScalingEnv.vertical(c, function).actions(actions()).slo(slo).bounds(bounds).stepSeconds(stepSeconds)
        .episodeLoads(loads).randomReset(true).resetConfig(START).termination(Termination.truncateAfter(EPISODE_STEPS))
        .encoder(StateEncoders.withHistory()).reward(Rewards.sloCost(WEIGHTS)).seed(seed).build();
  }

  /** A vertical evaluation environment on {@code c}: one endless episode of {@code load} from {@link #START}. */
  public ScalingEnv evaluation(Cluster c, LoadPattern load) {
    return ScalingEnv.vertical(c, function).actions(actions()).slo(slo).bounds(bounds).stepSeconds(stepSeconds)
        .load(load).resetConfig(START).termination(Termination.never()).encoder(StateEncoders.withHistory())
        .reward(Rewards.sloCost(WEIGHTS)).seed(seed).build();
  }
}
