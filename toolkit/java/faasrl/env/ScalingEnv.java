package faasrl.env;

import faasrl.cluster.Cluster;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.Catalog;
import faasrl.function.FunctionSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A reinforcement-learning environment over any {@link Cluster}: each step applies an action (a
 * configuration per function, clamped to the bounds), runs load for the step length, and returns
 * the encoded state, the reward and the raw metrics. The load patterns' time keeps running across
 * steps and episodes ({@link Load#offset}), so a diurnal pattern unfolds over the whole run.
 *
 * <p>Building the environment deploys the functions not yet on the cluster and waits out their
 * cold start under a trickle of requests. {@link #reset()} applies the reset configuration and runs
 * one observation step before it returns, so the first state is fresh, never stale.
 *
 * <!-- given: Cluster cluster -->
 * <pre>{@code
 * ScalingEnv env = ScalingEnv.vertical(cluster, "adservice")
 *     .slo(Duration.ofMillis(5))
 *     .rpsPerEpisode(10, 250)           // the paper: one RPS per episode, Poisson arrivals
 *     .cpuDelta(30)                     // actions -30m / 0 / +30m
 *     .seed(7)
 *     .build();
 * Observation obs = env.reset();
 * StepOutcome out = env.step(env.action(2, obs));   // +30m
 * }</pre>
 */
public final class ScalingEnv {
  private static final double WARM_UP_RPS = 0.5;
  private final Cluster cluster;
  private final EnvSpec spec;
  private final StateEncoder encoder;
  private final Reward reward;
  private final Termination termination;
  private final Map<String, ScalingConfig> resetConfigs;
  private final boolean randomReset;
  private final Map<String, LoadPattern> fixedLoad;
  private final double rpsLow, rpsHigh;
  private final EpisodeLoads episodeLoads;
  private final long seed;
  private final Duration deadline;

  private Map<String, LoadPattern> episodeLoad;
  private Map<String, ScalingConfig> configs;
  /** This episode's recent steps, oldest first: the encoder's history and the agents' memory. */
  private final java.util.ArrayDeque<StepResult> recent = new java.util.ArrayDeque<>();
  private int episode, episodeStep, consecutiveMet;
  private double time;

  private ScalingEnv(Builder b) {
    cluster = b.cluster;
    encoder = b.encoder;
    reward = b.reward;
    termination = b.termination;
    randomReset = b.randomReset;
    fixedLoad = b.load;
    rpsLow = b.rpsLow;
    rpsHigh = b.rpsHigh;
    episodeLoads = b.episodeLoads;
    seed = b.seed;
    deadline = b.deadline;
    Bounds bounds = b.bounds;
    ActionSpace actions = switch (b.mode) {
      case VERTICAL -> ActionSpace.vertical(b.functions, b.cpuDelta);
      case HORIZONTAL -> ActionSpace.horizontal(b.functions);
      case JOINT -> ActionSpace.joint(b.functions, b.cpuDelta);
      case CUSTOM -> b.actions;
    };
    Map<String, Double> slo = new LinkedHashMap<>();
    resetConfigs = new LinkedHashMap<>();
    for (String f : b.functions) {
      slo.put(f, (double) b.slo.getOrDefault(f, b.defaultSlo).toNanos() / 1000.0);
      resetConfigs.put(f, bounds.clamp(b.resetConfig));
    }
    spec = new EnvSpec(b.functions, slo, b.stepSeconds, bounds, actions, encoder.size(b.functions),
        b.maxFailedFraction);
    Duration warmUp = Duration.ZERO;
    for (String f : b.functions) {
      warmUp = max(warmUp, deploy(b.catalog, f, resetConfigs.get(f)));
    }
    configs = new LinkedHashMap<>(resetConfigs);
    if (!warmUp.isZero()) {
      // like a deployment that waits for Ready before it takes traffic: a trickle of requests while
      // the new pods cold-start, outside pattern time and unscored
      Load trickle = Load.of(b.functions, LoadPattern.constant(WARM_UP_RPS));
      cluster.run(trickle.length(warmUp.plusSeconds(1)));
    }
  }

  /**
   * Deploys {@code f} if absent, and the functions it calls (with default configurations: they are
   * not scaled here); returns the longest cold start it started.
   */
  private Duration deploy(Catalog catalog, String f, ScalingConfig config) {
    if (cluster.functions().contains(f)) {
      return Duration.ZERO;
    }
    FunctionSpec fs = catalog.get(f);
    Duration longest = fs.coldStart();
    for (String callee : fs.calls()) {
      longest = max(longest, deploy(catalog, callee, ScalingConfig.defaults()));
    }
    cluster.deploy(fs, config);
    return longest;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Scales the CPU limit of {@code functions}: actions -d/0/+d millicores each. */
  public static Builder vertical(Cluster cluster, String... functions) {
    return new Builder(cluster, Mode.VERTICAL, functions).resetConfig(ScalingConfig.defaults().cpuMillicores(100));
  }

  /** Scales the replicas of {@code functions}: -1/0/+1 each, joint product. */
  public static Builder horizontal(Cluster cluster, String... functions) {
    return new Builder(cluster, Mode.HORIZONTAL, functions).resetConfig(ScalingConfig.defaults().cpuMillicores(250));
  }

  /** Scales both CPU limit and replicas of {@code functions}. */
  public static Builder joint(Cluster cluster, String... functions) {
    return new Builder(cluster, Mode.JOINT, functions).resetConfig(ScalingConfig.defaults().cpuMillicores(100));
  }

  public EnvSpec spec() {
    return spec;
  }

  /** The configuration per function now in force. */
  public Map<String, ScalingConfig> configs() {
    return Map.copyOf(configs);
  }

  /** The action with index {@code index} applied to the configuration of {@code obs}. */
  public Action action(int index, Observation obs) {
    return new Action(index, spec.actions().apply(index, obs.configs(), spec.bounds()));
  }

  /** Starts a new episode: reset configuration, the episode's load, one observation step. */
  public Observation reset() {
    episode++;
    episodeStep = 0;
    consecutiveMet = 0;
    SplittableRandom rng = episodeRandom();
    episodeLoad = drawLoad(rng, time);
    recent.clear();
    Map<String, ScalingConfig> start = new LinkedHashMap<>(resetConfigs);
    if (randomReset) {
      start.replaceAll((f, c) -> randomConfig(c, rng));
    }
    apply(start);
    StepResult r = runStep(time);
    time += spec.stepSeconds();
    return observe(r);
  }

  /** Applies {@code action} (clamped to the bounds), runs one step of load, and scores it. */
  public StepOutcome step(Action action) {
    if (episodeLoad == null) {
      throw new IllegalStateException("call reset() before the first step");
    }
    Map<String, ScalingConfig> before = configs;
    Map<String, ScalingConfig> next = new LinkedHashMap<>(configs);
    action.configs().forEach((f, c) -> {
      if (!next.containsKey(f)) {
        throw new IllegalArgumentException("action configures '" + f + "', which this environment does not scale "
            + spec.functions());
      }
      next.put(f, spec.bounds().clamp(c));
    });
    apply(next);
    StepResult r = runStep(time);
    time += spec.stepSeconds();
    episodeStep++;
    boolean met = spec.sloMet(r);
    consecutiveMet = met ? consecutiveMet + 1 : 0;
    double rew = reward.of(r, before, configs, spec, consecutiveMet);
    Termination.End end = termination.check(episodeStep, consecutiveMet, met);
    return new StepOutcome(observe(r), rew, met, end == Termination.End.TERMINAL, end == Termination.End.TRUNCATED,
        r, new Action(action.index(), configs));
  }

  /** Where the environment stands, for a checkpoint. */
  public EnvState state() {
    return new EnvState(episode, episodeStep, consecutiveMet, time, configs);
  }

  /**
   * True when the same calls on a fresh cluster give the same results (the seeded simulator): a
   * killed run is then continued by replaying its actions from {@link #reset()}, not by {@link #restore}.
   */
  public boolean deterministic() {
    return cluster.deterministic();
  }

  /**
   * Continues from a checkpoint on this (fresh) cluster: the configuration is applied and the last
   * step's time window is run again, unscored, to observe a fresh state.
   */
  public Observation restore(EnvState s) {
    if (s.episode() < 1) {
      throw new IllegalArgumentException("a checkpointed environment has started at least one episode, was "
          + s.episode());
    }
    if (!s.configs().keySet().equals(resetConfigs.keySet())) {
      throw new IllegalArgumentException("checkpoint scales " + s.configs().keySet() + ", this environment "
          + resetConfigs.keySet());
    }
    episode = s.episode();
    episodeStep = s.episodeStep();
    consecutiveMet = s.consecutiveMet();
    time = s.timeSeconds();
    // the episode began with its observation step, episodeStep + 1 steps before the saved time
    episodeLoad = drawLoad(episodeRandom(), time - (episodeStep + 1) * spec.stepSeconds());
    recent.clear();
    apply(s.configs());
    return observe(runStep(Math.max(0, time - spec.stepSeconds())));
  }

  private SplittableRandom episodeRandom() {
    return new SplittableRandom(seed * 1_000_003L + episode);
  }

  private Map<String, LoadPattern> drawLoad(SplittableRandom rng, double episodeStart) {
    if (fixedLoad != null) {
      return fixedLoad;
    }
    Map<String, LoadPattern> m = new LinkedHashMap<>();
    if (episodeLoads != null) {
      // a stream of its own, apart from the random resets and from every cluster seed
      SplittableRandom patterns = new SplittableRandom(rng.nextLong() ^ 0x6c6f6164L);
      for (String f : spec.functions()) {
        m.put(f, episodeLoads.draw(patterns, episodeStart));
      }
      return m;
    }
    for (String f : spec.functions()) {
      m.put(f, LoadPattern.poisson(rpsLow + rng.nextDouble() * (rpsHigh - rpsLow)));
    }
    return m;
  }

  private ScalingConfig randomConfig(ScalingConfig c, SplittableRandom rng) {
    Bounds b = spec.bounds();
    boolean cpu = spec.actions().knobs().stream().anyMatch(k -> k.dimension().cpu());
    boolean rep = spec.actions().knobs().stream().anyMatch(k -> k.dimension() == ActionSpace.Dimension.REPLICAS);
    ScalingConfig r = c;
    if (cpu) {
      r = r.cpuMillicores(b.cpuFloor() + rng.nextInt(b.cpuCeiling() - b.cpuFloor() + 1));
    }
    if (rep) {
      r = r.replicas(b.minReplicas() + rng.nextInt(b.maxReplicas() - b.minReplicas() + 1));
    }
    return r;
  }

  private void apply(Map<String, ScalingConfig> next) {
    for (Map.Entry<String, ScalingConfig> e : next.entrySet()) {
      if (!e.getValue().equals(cluster.config(e.getKey()))) {
        cluster.scale(e.getKey(), e.getValue());
      }
    }
    configs = new LinkedHashMap<>(next);
  }

  private StepResult runStep(double at) {
    Load load = null;
    for (Map.Entry<String, LoadPattern> e : episodeLoad.entrySet()) {
      load = load == null ? Load.of(e.getKey(), e.getValue()) : load.and(e.getKey(), e.getValue());
    }
    return cluster.run(load.seconds(spec.stepSeconds()).offset(Duration.ofNanos(Math.round(at * 1e9)))
        .deadline(deadline));
  }

  private Observation observe(StepResult r) {
    recent.addLast(r);
    while (recent.size() > Math.max(encoder.historySteps(), Observation.MEMORY_STEPS)) {
      recent.removeFirst();
    }
    List<StepResult> steps = List.copyOf(recent);
    return new Observation(encoder.encode(steps, configs, spec), r, configs, spec, time, steps);
  }

  /** The load pattern per function of the current episode (null before the first reset). */
  public Map<String, LoadPattern> episodeLoad() {
    return episodeLoad == null ? null : Map.copyOf(episodeLoad);
  }

  private enum Mode { VERTICAL, HORIZONTAL, JOINT, CUSTOM }

  /** Builds a {@link ScalingEnv}; every setting has a default. */
  public static final class Builder {
    private final Cluster cluster;
    private Mode mode;
    private final List<String> functions;
    private ActionSpace actions;
    private Catalog catalog;
    private int cpuDelta = 30;
    private Bounds bounds = Bounds.of(20, 2000, 1, 10);
    private ScalingConfig resetConfig = ScalingConfig.defaults();
    private boolean randomReset;
    private Duration defaultSlo = Duration.ofMillis(5);
    private final Map<String, Duration> slo = new LinkedHashMap<>();
    private Map<String, LoadPattern> load;
    private double rpsLow = 10, rpsHigh = 250;
    private EpisodeLoads episodeLoads;
    private double stepSeconds = 10;
    private StateEncoder encoder = StateEncoders.withHistory();
    private Reward reward = Rewards.sloCost();
    private Termination termination = Termination.truncateAfter(24);
    private long seed = 1;
    private double maxFailedFraction = 0.01;
    private Duration deadline = Load.DEFAULT_DEADLINE;

    private Builder(Cluster cluster, Mode mode, String... functions) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
      this.mode = mode;
      if (functions.length == 0) {
        throw new IllegalArgumentException("an environment scales at least one function");
      }
      this.functions = List.of(functions);
      if (new java.util.HashSet<>(this.functions).size() != functions.length) {
        throw new IllegalArgumentException("functions must be distinct, were " + this.functions);
      }
    }

    /** A custom action space over these functions instead of the preset one. */
    public Builder actions(ActionSpace v) {
      for (ActionSpace.Knob k : v.knobs()) {
        if (!functions.contains(k.function())) {
          throw new IllegalArgumentException("action space turns '" + k.function() + "', not one of " + functions);
        }
      }
      actions = v;
      mode = Mode.CUSTOM;
      return this;
    }

    /** Where function specs come from when a function is not yet deployed (default: online-shop). */
    public Builder catalog(Catalog v) {
      catalog = v;
      return this;
    }

    /** CPU change per action, millicores (paper: 30 in code, 100 in text). */
    public Builder cpuDelta(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("cpu delta must be >= 1 millicore, was " + v);
      }
      cpuDelta = v;
      return this;
    }

    public Builder bounds(Bounds v) {
      bounds = Objects.requireNonNull(v);
      return this;
    }

    /** The configuration every episode starts from (clamped to the bounds). */
    public Builder resetConfig(ScalingConfig v) {
      resetConfig = Objects.requireNonNull(v);
      return this;
    }

    /** Start each episode from a random configuration within the bounds (helps exploration). */
    public Builder randomReset(boolean v) {
      randomReset = v;
      return this;
    }

    /** p90 SLO of every function. */
    public Builder slo(Duration v) {
      defaultSlo = positive("slo", v);
      return this;
    }

    /** p90 SLO of one function. */
    public Builder slo(String function, Duration v) {
      slo.put(function, positive("slo of " + function, v));
      return this;
    }

    /** The same pattern on every function, for every episode. */
    public Builder load(LoadPattern v) {
      Map<String, LoadPattern> m = new LinkedHashMap<>();
      functions.forEach(f -> m.put(f, Objects.requireNonNull(v)));
      load = m;
      episodeLoads = null;
      return this;
    }

    /** A pattern per function, for every episode. */
    public Builder load(Map<String, LoadPattern> v) {
      if (!v.keySet().equals(new java.util.HashSet<>(functions))) {
        throw new IllegalArgumentException("load must give a pattern for exactly " + functions + ", gave " + v.keySet());
      }
      load = new LinkedHashMap<>(v);
      return this;
    }

    /** The paper's training load: per episode and function, Poisson at a rate drawn from U[low, high]. */
    public Builder rpsPerEpisode(double low, double high) {
      if (!(low > 0) || !(high >= low) || Double.isInfinite(high)) {
        throw new IllegalArgumentException("rps range must satisfy 0 < low <= high, was " + low + ".." + high);
      }
      rpsLow = low;
      rpsHigh = high;
      load = null;
      episodeLoads = null;
      return this;
    }

    /** A new load pattern per episode and function, drawn from {@code v} (see {@link EpisodeLoads}). */
    public Builder episodeLoads(EpisodeLoads v) {
      episodeLoads = Objects.requireNonNull(v, "episode loads");
      load = null;
      return this;
    }

    public Builder stepSeconds(double v) {
      if (!(v > 0) || v > 3600) {
        throw new IllegalArgumentException("step length must be in (0, 3600] seconds, was " + v);
      }
      stepSeconds = v;
      return this;
    }

    public Builder encoder(StateEncoder v) {
      encoder = Objects.requireNonNull(v);
      return this;
    }

    public Builder reward(Reward v) {
      reward = Objects.requireNonNull(v);
      return this;
    }

    public Builder termination(Termination v) {
      termination = Objects.requireNonNull(v);
      return this;
    }

    /** Seeds the per-episode draws (load and random resets). */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Most failed requests a step may have and still meet the SLO (default 0.01). */
    public Builder maxFailedFraction(double v) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("max failed fraction must be in [0, 1], was " + v);
      }
      maxFailedFraction = v;
      return this;
    }

    /** Per-request deadline (default 10 s). */
    public Builder deadline(Duration v) {
      deadline = positive("deadline", v);
      return this;
    }

    /** Deploys any function not yet on the cluster with the reset configuration. */
    public ScalingEnv build() {
      if (catalog == null) {
        catalog = Catalog.onlineShop();
      }
      for (String f : slo.keySet()) {
        if (!functions.contains(f)) {
          throw new IllegalArgumentException("SLO given for '" + f + "', which is not one of " + functions);
        }
      }
      return new ScalingEnv(this);
    }

    private static Duration positive(String what, Duration v) {
      if (v == null || v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException(what + " must be > 0, was " + v);
      }
      return v;
    }
  }
}
