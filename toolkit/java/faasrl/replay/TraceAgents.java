package faasrl.replay;

import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.env.ActionSpace;
import faasrl.env.Bounds;
import faasrl.env.EnvSpec;
import faasrl.env.Rewards;
import faasrl.env.ScalingEnv;
import faasrl.env.StateEncoder;
import faasrl.env.StateEncoders;
import faasrl.env.Termination;
import faasrl.experiment.ClusterFactory;
import faasrl.experiment.Experiment;
import faasrl.experiment.Horizontal;
import faasrl.function.Catalog;
import faasrl.rl.DqnAgent;
import faasrl.rl.Epsilon;
import faasrl.rl.PerFunctionDqn;
import faasrl.trace.MinuteArrivals;
import faasrl.trace.TraceFunction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One DQN agent per trace function scaling its replicas, as {@code trace replay --scaler dqn-multi}
 * runs them: a {@link PerFunctionDqn} (one network shared by the agents, each deciding -1/0/+1
 * replica for its function from that function's features) trained on the simulator on the same
 * functions' calls from other minutes of the trace ({@link TrainingWindow}), then acting greedily
 * every {@value #STEP_SECONDS} s of a replay. Every replica has one core (the replay's pods), the
 * agents keep 1..{@value #MAX_REPLICAS} replicas (they never scale to zero), and each function's
 * p90 SLO is {@link #slo twice its p90 duration}; a step in which a function was not called met
 * its SLO ({@link Rewards#sloCostIdleMet}). The network does not depend on which functions it
 * was trained on: agents saved after training one window scale any functions later.
 *
 * <!-- given: List<TraceFunction> trainingFunctions; List<TraceFunction> functions; SimulatedCluster cluster -->
 * <pre>{@code
 * TraceAgents agents = TraceAgents.trainer().steps(600).seed(7).progress(System.err).train(trainingFunctions);
 * agents.save(Path.of("agents"));
 * TraceReplay.builder(functions).scaler(TraceReplay.Scaler.DQN_MULTI).agents(agents).build().run(cluster);
 * }</pre>
 */
public final class TraceAgents {
  /** Seconds between two decisions, as the experiments' steps. */
  public static final int STEP_SECONDS = 10;
  /** Most replicas an agent gives its function (the experiments' bound). */
  public static final int MAX_REPLICAS = 10;
  /** Steps of one training episode, as the multi-agent experiment's. */
  public static final int EPISODE_STEPS = 24;
  /** Training steps unless told: the multi-agent experiment's. */
  public static final int DEFAULT_STEPS = 600;
  /** The pods of a replay: one core each, unlimited concurrency. */
  static final ScalingConfig POD = ScalingConfig.defaults();
  static final Bounds BOUNDS = Bounds.of(POD.cpuMillicores(), POD.cpuMillicores(), 1, MAX_REPLICAS);
  private static final String SAVED = "dqn-multi";

  private final PerFunctionDqn agent;
  private final StateEncoder encoder = StateEncoders.normalised();

  private TraceAgents(PerFunctionDqn agent) {
    this.agent = agent;
  }

  /** A trainer: {@value #DEFAULT_STEPS} steps, seed 1, on the simulator. */
  public static Trainer trainer() {
    return new Trainer();
  }

  /** Untrained agents, e.g. to {@link #load} saved ones into. */
  public static TraceAgents untrained(long seed) {
    return new TraceAgents(network(seed, DEFAULT_STEPS, 1));
  }

  /** Agents saved by {@link #save} into {@code dir}. */
  public static TraceAgents load(Path dir) throws IOException {
    if (!Files.isDirectory(dir.resolve(SAVED))) {
      throw new IllegalArgumentException("--agent " + dir + ": no saved agents there (--save-agent DIR writes "
          + dir.resolve(SAVED) + ")");
    }
    TraceAgents a = untrained(1);
    a.agent.load(dir.resolve(SAVED));
    return a;
  }

  /** Saves the agents into {@code dir}, for {@link #load}. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir.resolve(SAVED));
    agent.save(dir.resolve(SAVED));
  }

  /** The shared network's agents. */
  public PerFunctionDqn agent() {
    return agent;
  }

  /**
   * A function's p90 SLO: twice its p90 duration in the trace plus the per-call overhead, about
   * twice what the function takes on an idle pod (the multi-agent experiment's calibration, read
   * off the trace instead of measured).
   */
  public static Duration slo(TraceFunction f) {
    double micros = 2 * (f.durationMs().quantile(0.9) * 1000 + TraceFunction.OVERHEAD_MICROS);
    return Duration.ofNanos(Math.max(1000, Math.round(micros * 1000)));
  }

  /** What the agents know of the replayed functions: their SLOs, the bounds, the factored -1/0/+1 space. */
  EnvSpec spec(List<TraceFunction> functions) {
    List<String> names = functions.stream().map(TraceFunction::name).toList();
    Map<String, Double> slo = new LinkedHashMap<>();
    functions.forEach(f -> slo.put(f.name(), slo(f).toNanos() / 1000.0));
    return new EnvSpec(names, slo, STEP_SECONDS, BOUNDS, ActionSpace.factored(ActionSpace.horizontalKnobs(names)),
        encoder.size(names), 0.01);
  }

  /** The replay's scaler: one greedy decision for every function each {@value #STEP_SECONDS} s. */
  StepScaler stepScaler(List<TraceFunction> functions) {
    return new DqnStepScaler(agent, encoder, spec(functions));
  }

  /** Most functions one joint decision can index (3^19 fits an int). */
  public static final int MAX_FUNCTIONS = 19;

  /** The trace minutes {@code steps} training steps use (each episode adds its observation step). */
  public static int minutesFor(int steps) {
    return (int) Math.ceil((steps + steps / (double) EPISODE_STEPS + 2) * STEP_SECONDS / 60) + 1;
  }

  /**
   * The multi-agent experiment's network: epsilon 1 to 0.05 over the first half of training (in
   * per-function transitions), one update per transition.
   */
  private static PerFunctionDqn network(long seed, int steps, int functions) {
    double transitions = (double) steps * functions;
    return PerFunctionDqn.builder().reward(Rewards.sloCostIdleMet(Horizontal.WEIGHTS))
        .dqn(DqnAgent.builder().updatesPerStep(1).epsilon(Epsilon.linear(1, 0.05, Math.max(1, transitions / 2))))
        .seed(seed).build();
  }

  /** Trains {@link TraceAgents}. */
  public static final class Trainer {
    private int steps = DEFAULT_STEPS;
    private long seed = 1;
    private Duration coldStart = TraceReplay.DEFAULT_COLD_START;
    private ClusterFactory clusters = ClusterFactory.SIMULATED;
    private PrintStream progress;

    private Trainer() {}

    /** Training steps of {@value #STEP_SECONDS} s, 1..1,000,000 (default {@value #DEFAULT_STEPS}). */
    public Trainer steps(int v) {
      if (v < 1 || v > 1_000_000) {
        throw new IllegalArgumentException("--train-steps must be 1..1000000, was " + v);
      }
      steps = v;
      return this;
    }

    /** Seeds the network, exploration, the training cluster and the calls' times. */
    public Trainer seed(long v) {
      seed = v;
      return this;
    }

    /** Cold start of the functions' pods (default the replay's, 1.5 s). */
    public Trainer coldStart(Duration v) {
      coldStart = v;
      return this;
    }

    /** Where training runs (default the simulator, 4 workers x 20 cores). */
    public Trainer clusters(ClusterFactory v) {
      clusters = java.util.Objects.requireNonNull(v, "clusters");
      return this;
    }

    /** Draws a progress bar here (null for none). */
    public Trainer progress(PrintStream v) {
      progress = v;
      return this;
    }

    /**
     * Trains on {@code functions}, each cut to its training window (repeated if training outlasts
     * it): {@value #EPISODE_STEPS}-step episodes from random replica counts, as the multi-agent
     * experiment trains.
     */
    public TraceAgents train(List<TraceFunction> functions) {
      if (functions.isEmpty() || functions.size() > MAX_FUNCTIONS) {
        throw new IllegalArgumentException("--scaler dqn-multi scales 1.." + MAX_FUNCTIONS + " functions (one "
            + "joint decision indexes 3^n actions), was " + functions.size() + ": choose fewer with --functions");
      }
      PerFunctionDqn agent = network(seed, steps, functions.size());
      TraceAgents agents = new TraceAgents(agent);
      int minutes = minutesFor(steps);
      Map<String, LoadPattern> load = new LinkedHashMap<>();
      String[] names = new String[functions.size()];
      for (int i = 0; i < names.length; i++) {
        TraceFunction f = functions.get(i);
        names[i] = f.name();
        load.put(f.name(), MinuteArrivals.random(repeated(f.counts(), minutes), seed * 1_000_003L + f.row()));
      }
      Catalog catalog = Catalog.of(functions.stream().map(f -> f.spec(coldStart)).toList());
      try (Cluster c = clusters.start(seed)) {
        ScalingEnv.Builder b = ScalingEnv.horizontal(c, names).catalog(catalog)
            .actions(ActionSpace.factored(ActionSpace.horizontalKnobs(List.of(names)))).bounds(BOUNDS)
            .stepSeconds(STEP_SECONDS).resetConfig(POD).encoder(agents.encoder)
            .reward(Rewards.sloCostIdleMet(Horizontal.WEIGHTS)).load(load).randomReset(true)
            .termination(Termination.truncateAfter(EPISODE_STEPS)).seed(seed);
        functions.forEach(f -> b.slo(f.name(), slo(f)));
        Experiment.train(agent, b.build()).steps(steps).checkpointEvery(0).progress(progress).run();
      }
      return agents;
    }

    /** {@code minutes} minutes of {@code counts}, starting over after its last. */
    static int[] repeated(int[] counts, int minutes) {
      int[] out = new int[minutes];
      for (int i = 0; i < minutes; i++) {
        out[i] = counts[i % counts.length];
      }
      return out;
    }
  }
}
