package faasrl.experiment;

import faasrl.cluster.Cluster;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Agent;
import faasrl.rl.DqnAgent;
import faasrl.rl.Rl4jAgent;
import faasrl.scaler.Hpa;
import faasrl.scaler.Kpa;
import faasrl.scaler.RuleBased;
import faasrl.scaler.StaticScaler;
import faasrl.scaler.Vpa;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The comparison: a DQN and the RL4J agent trained once on random rates, against KPA,
 * HPA and VPA (production defaults and a tuned variant each), the production-default static
 * configuration, and the oracle, on the same workloads and seed. Every agent starts each workload
 * from {@link Setup#START}; the DQN scales CPU (+-30m), KPA and HPA scale replicas at the starting
 * CPU per replica, VPA scales CPU.
 *
 * <p>Agents train and tuned variants are tuned on clusters seeded with the setup's seed, the tuned
 * variants on training rates ({@link Workload#tuning}), never an evaluation workload; every
 * evaluation runs on {@link Seeds#evaluation(long)} of that seed. The oracle is searched per
 * workload (it is the best static configuration in hindsight). {@link SeedRuns} repeats a
 * comparison over several seeds; {@link #formulation} poses the problem the paper's way.
 *
 * <pre>{@code
 * Table t = Comparison.of(Setup.defaults()).evalSteps(60).trainingSteps(800).run(Path.of("out"), System.err);
 * Table paper = Comparison.of(Setup.defaults()).formulation(Formulation.PAPER).horizontalSteps(600)
 *     .run(Path.of("out-paper"), System.err);
 * }</pre>
 */
public final class Comparison {
  /** Minimum fraction of SLO-met steps for the oracle and tuned variants. */
  public static final double MIN_MET_RATE = 0.95;

  private final Setup setup;
  private int evalSteps = 60;
  private int trainingSteps = 800;
  private Supplier<DqnAgent.Builder> dqn;
  private boolean rl4j = true;
  private Integer rl4jSteps; // null: as many as the DQN
  private Formulation formulation = Formulation.FAASRL;
  private int horizontalSteps;
  private boolean concurrentTraining;

  private Comparison(Setup setup) {
    this.setup = setup;
  }

  public static Comparison of(Setup setup) {
    return new Comparison(setup);
  }

  public Comparison evalSteps(int v) {
    if (v < Summary.CONVERGENCE_WINDOW) {
      throw new IllegalArgumentException("evaluation steps must be >= " + Summary.CONVERGENCE_WINDOW + ", was " + v);
    }
    evalSteps = v;
    return this;
  }

  public Comparison trainingSteps(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("training steps must be >= 1, was " + v);
    }
    trainingSteps = v;
    return this;
  }

  /** The DQN's configuration (seeded with the setup's seed); default the formulation's ({@link Formulation#dqn(int)}). */
  public Comparison dqn(Supplier<DqnAgent.Builder> v) {
    dqn = v;
    return this;
  }

  /**
   * RL4J's training steps; by default the DQN's. Both make one gradient update per step, so by
   * default both get the same number of updates.
   */
  public Comparison rl4jSteps(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("RL4J training steps must be >= 1, was " + v);
    }
    rl4jSteps = v;
    return this;
  }

  private int rl4jSteps() {
    return rl4jSteps != null ? rl4jSteps : trainingSteps;
  }

  /** Whether to train and compare the RL4J agent too (default true). */
  public Comparison rl4j(boolean v) {
    rl4j = v;
    return this;
  }

  /** The agents' state, actions and reward (default {@link Formulation#FAASRL}). */
  public Comparison formulation(Formulation v) {
    formulation = java.util.Objects.requireNonNull(v, "formulation");
    return this;
  }

  /**
   * Training steps of the horizontal experiment (DQN against KPA and HPA on three functions) run
   * after the vertical comparison; 0 (the default) skips it.
   */
  public Comparison horizontalSteps(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("horizontal training steps must be >= 0, was " + v);
    }
    horizontalSteps = v;
    return this;
  }

  /**
   * Whether RL4J and the horizontal experiment train in threads of their own beside the DQN (default
   * false: one after another). Each is deterministic for its seed, so the results are the same
   * either way; with more cores than replicates left, beside is sooner.
   */
  public Comparison concurrentTraining(boolean v) {
    concurrentTraining = v;
    return this;
  }

  public Setup setup() {
    return setup;
  }

  public Formulation formulation() {
    return formulation;
  }

  /** This comparison with the setup's seed replaced (a replicate of a multi-seed run). */
  Comparison withSeed(long seed) {
    Comparison c = new Comparison(setup.seed(seed));
    c.evalSteps = evalSteps;
    c.trainingSteps = trainingSteps;
    c.dqn = dqn;
    c.rl4j = rl4j;
    c.rl4jSteps = rl4jSteps;
    c.formulation = formulation;
    c.horizontalSteps = horizontalSteps;
    c.concurrentTraining = concurrentTraining;
    return c;
  }

  /** Trains RL4J with the default formulation (see {@link #trainRl4j(Setup, Formulation, int, Path, PrintStream)}). */
  public static Agent trainRl4j(Setup setup, int steps, Path out, PrintStream progress) throws IOException {
    return trainRl4j(setup, Formulation.FAASRL, steps, out, progress);
  }

  /**
   * Trains the RL4J agent on the formulation's training environment, logging every step to
   * {@code out/steps.csv} and saving the policy in {@code out/policy}. RL4J training cannot resume.
   */
  public static Agent trainRl4j(Setup setup, Formulation formulation, int steps, Path out, PrintStream progress)
      throws IOException {
    try (Cluster c = setup.cluster(0); StepLog log = StepLog.create(out.resolve("steps.csv"))) {
      var env = formulation.training(setup, c);
      long[] done = {0};
      Progress bar = new Progress(progress, "train rl4j", 0, steps);
      Rl4jAgent agent = Rl4jAgent.train(env, steps, setup.seed(), o -> {
        var s = env.state();
        try {
          log.append("rl4j", done[0]++, s.episode(), s.episodeStep(), o,
              o.applied().index() >= 0 ? env.spec().actions().describe(o.applied().index()) : "set", Double.NaN,
              Double.NaN);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        bar.update(done[0], String.format(Locale.ROOT, "reward %+.2f", o.reward()));
      });
      agent.save(out.resolve("policy"));
      return agent;
    }
  }

  /** Trains the DQN with the setup's training environment; the run goes to {@code out}. */
  public static RunResult trainDqn(Setup setup, DqnAgent.Builder b, int steps, Path out, PrintStream progress,
      boolean resume, int checkpointEvery) {
    return trainDqn(setup, b, steps, out, progress, resume, checkpointEvery, Pretraining.NONE);
  }

  /** As {@link #trainDqn(Setup, DqnAgent.Builder, int, Path, PrintStream, boolean, int)}, pre-training first. */
  public static RunResult trainDqn(Setup setup, DqnAgent.Builder b, int steps, Path out, PrintStream progress,
      boolean resume, int checkpointEvery, Pretraining pre) {
    try (Cluster c = setup.cluster(0)) {
      return trainDqn(setup, b, c, steps, out, progress, resume, checkpointEvery, pre);
    }
  }

  /** Trains the DQN with the setup's training environment on {@code c} (any backend). */
  public static RunResult trainDqn(Setup setup, DqnAgent.Builder b, Cluster c, int steps, Path out,
      PrintStream progress, boolean resume, int checkpointEvery) {
    return trainDqn(setup, b, c, steps, out, progress, resume, checkpointEvery, Pretraining.NONE);
  }

  /**
   * Trains the DQN on {@code c} (any backend): {@code pre.steps()} steps of pre-training from the
   * rule-based scalers, then {@code steps} steps of its own with guarded exploration
   * ({@link Setup#guard()}). The run goes to {@code out}.
   */
  public static RunResult trainDqn(Setup setup, DqnAgent.Builder b, Cluster c, int steps, Path out,
      PrintStream progress, boolean resume, int checkpointEvery, Pretraining pre) {
    var env = setup.training(c);
    DqnAgent agent = b.seed(setup.seed()).build(env);
    return Experiment.train(agent, env).pretrainFrom(pre.scalers(), pre.steps()).guard(Setup.guard())
        .steps(steps + pre.steps()).out(out).checkpointEvery(checkpointEvery).progress(progress).resume(resume).run();
  }

  /**
   * Offline pre-training from rule-based trajectories: which scalers act (in turn, one episode
   * each) and for how many steps in all.
   *
   * <pre>{@code
   * Pretraining p = Pretraining.of("kpa,hpa,vpa", 150);
   * }</pre>
   *
   * @param from  scaler names: kpa, hpa, vpa (their production defaults)
   * @param steps pre-training steps, before the agent's own
   */
  public record Pretraining(List<String> from, int steps) {
    /** No pre-training. */
    public static final Pretraining NONE = new Pretraining(List.of(), 0);

    public Pretraining {
      from = List.copyOf(from);
      if (steps < 0) {
        throw new IllegalArgumentException("pre-training steps must be >= 0, was " + steps);
      }
      if (steps > 0 && from.isEmpty()) {
        throw new IllegalArgumentException("pre-training needs at least one of kpa, hpa, vpa");
      }
      for (String f : from) {
        if (!RuleBased.NAMES.contains(f)) {
          throw new IllegalArgumentException("pre-training scalers must be kpa, hpa or vpa, was '" + f + "'");
        }
      }
    }

    /** From a comma-separated list such as {@code kpa,hpa,vpa}. */
    public static Pretraining of(String csv, int steps) {
      List<String> names = new ArrayList<>();
      for (String n : csv.split(",")) {
        if (!n.isBlank()) {
          names.add(n.trim().toLowerCase(Locale.ROOT));
        }
      }
      return new Pretraining(names, steps);
    }

    /** Fresh scalers with production defaults, in order. */
    public List<Agent> scalers() {
      return from.stream().map(RuleBased::byName).toList();
    }
  }

  /**
   * Runs everything for the setup's seed, writing {@code out/train-*}, {@code out/<workload>/<agent>/steps.csv}
   * and {@code out/comparison.csv}; returns the comparison table. Agents train on clusters seeded
   * with the setup's seed; tuned baselines are tuned there too, on {@link Workload#tuning} (training
   * rates, not an evaluation pattern); every evaluation runs on {@link Seeds#evaluation(long)}.
   */
  public Table run(Path out, PrintStream progress) throws IOException {
    ExecutorService beside = concurrentTraining ? SeedRuns.daemonPool(2, "training-beside") : null;
    try {
      return run(out, progress, beside);
    } finally {
      if (beside != null) {
        beside.shutdownNow();
      }
    }
  }

  private Table run(Path out, PrintStream progress, ExecutorService beside) throws IOException {
    Path horizontalDir = out.resolve("horizontal");
    Future<Trained> rl4jRun = rl4j ? start(beside, () -> {
      long t0 = System.nanoTime();
      Agent agent = trainRl4j(setup, formulation, rl4jSteps(), out.resolve("train-rl4j"),
          besideProgress(beside, progress, "rl4j"));
      return new Trained(agent, (System.nanoTime() - t0) / 1e9);
    }) : null;
    Future<Void> horizontalRun = horizontalSteps > 0 ? start(beside, () -> {
      PaperExperiments.horizontal(setup, formulation, horizontalSteps, evalSteps, horizontalDir, out.resolve("figures"),
          besideProgress(beside, progress, "horizontal"));
      return null;
    }) : null;
    Map<String, Agent> trained = new LinkedHashMap<>();
    Map<String, Double> trainSeconds = new LinkedHashMap<>();
    DqnAgent.Builder builder = dqn != null ? dqn.get() : formulation.dqn(trainingSteps);
    RunResult dqnRun = formulation.trainDqn(setup, builder, trainingSteps, out.resolve("train-dqn"), progress, false, 100);
    trained.put("dqn", DqnAgent.restore(out.resolve("train-dqn").resolve(Checkpoint.DIR).resolve("agent")));
    trainSeconds.put("dqn", dqnRun.wallSeconds());
    if (rl4jRun != null) {
      Trained t = SeedRuns.get(rl4jRun);
      trained.put("rl4j", t.agent());
      trainSeconds.put("rl4j", t.seconds());
    }
    List<Workload> workloads = Workload.standard(evalSteps * setup.stepSeconds());
    Evaluator tuningEv = new Evaluator(setup, Workload.tuning(setup, evalSteps).pattern(), evalSteps, formulation,
        setup.seed());
    Map<String, Tuning.Best> tuned = new LinkedHashMap<>();
    tuned.put("kpa-tuned", Tuning.best(tuningEv, MIN_MET_RATE, kpaCandidates()));
    tuned.put("hpa-tuned", Tuning.best(tuningEv, MIN_MET_RATE, hpaCandidates()));
    tuned.put("vpa-tuned", Tuning.best(tuningEv, MIN_MET_RATE, vpaCandidates()));

    Table table = emptyTable();
    for (Workload w : workloads) {
      Evaluator ev = new Evaluator(setup, w.pattern(), evalSteps).formulation(formulation);
      OracleSearch.Found oracle = OracleSearch.cpu(ev, ScalingConfig.defaults(), 10, MIN_MET_RATE);
      Map<String, Supplier<Agent>> agents = new LinkedHashMap<>();
      trained.forEach((name, a) -> agents.put(name, () -> a));
      for (String rule : RuleBased.NAMES) {
        agents.put(rule, () -> RuleBased.byName(rule));
        agents.put(rule + "-tuned", tuned.get(rule + "-tuned").factory());
      }
      agents.put("static", StaticScaler::productionDefault);
      agents.put("oracle", oracle::agent);
      for (Map.Entry<String, Supplier<Agent>> e : agents.entrySet()) {
        String name = e.getKey();
        RunResult r = ev.run(e.getValue().get(), out.resolve(w.name()).resolve(name));
        double wall = trainSeconds.getOrDefault(name, 0.0);
        if (tuned.containsKey(name)) {
          wall = tuned.get(name).seconds();
        } else if (name.equals("oracle")) {
          wall = oracle.seconds();
        }
        String note = name.equals("oracle") ? oracle.config() + (oracle.met() ? "" : " (none met the SLO)")
            : tuned.containsKey(name) ? tuned.get(name).label()
            : name.equals("rl4j") ? rl4jSteps() + " training steps" : "";
        addRow(table, w.name(), name, r.summary(), wall, note);
        if (progress != null) {
          progress.printf("seed %d %-9s %-10s %s%n", setup.seed(), w.name(), name, r.summary());
        }
      }
    }
    if (horizontalRun != null) {
      SeedRuns.get(horizontalRun);
      for (String agent : HORIZONTAL_AGENTS) {
        Table steps = StepLog.read(horizontalDir.resolve(agent).resolve("steps.csv"));
        addRow(table, HORIZONTAL, agent, Summary.of(steps, setup.stepSeconds(), 0,
            new Summary.ActionStep(0, 1)), 0, "");
      }
    }
    table.write().csv(out.resolve("comparison.csv").toFile());
    return table;
  }

  /** A trained agent and the wall seconds its training took. */
  private record Trained(Agent agent, double seconds) {}

  /** {@code job} on {@code beside}, or run here and now when there is no executor. */
  private static <T> Future<T> start(ExecutorService beside, Callable<T> job) {
    if (beside != null) {
      return beside.submit(job);
    }
    FutureTask<T> now = new FutureTask<>(job);
    now.run();
    return now;
  }

  /** A job beside the DQN shares the terminal with it: whole lines only, named. */
  private static PrintStream besideProgress(ExecutorService beside, PrintStream progress, String job) {
    return beside == null || progress == null ? progress : SeedRuns.prefixed(progress, job + ": ");
  }

  /** The workload name of the horizontal experiment's rows. */
  public static final String HORIZONTAL = "horizontal";

  /** The horizontal experiment's agents, in table order. */
  public static final List<String> HORIZONTAL_AGENTS = List.of("dqn", "kpa", "hpa");

  static List<Supplier<Agent>> kpaCandidates() {
    List<Supplier<Agent>> c = new ArrayList<>();
    for (double t : new double[] {0.1, 0.2, 0.3, 0.5, 1, 2, 5}) {
      c.add(() -> Kpa.builder().targetConcurrency(t).name("kpa-tuned").build());
    }
    return c;
  }

  static List<Supplier<Agent>> hpaCandidates() {
    List<Supplier<Agent>> c = new ArrayList<>();
    for (double t : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) {
      c.add(() -> Hpa.builder().targetUtilisation(t).scaleDownStabilisationSeconds(60).name("hpa-tuned").build());
    }
    return c;
  }

  static List<Supplier<Agent>> vpaCandidates() {
    List<Supplier<Agent>> c = new ArrayList<>();
    for (double m : new double[] {0.15, 0.3, 0.5, 1.0}) {
      c.add(() -> Vpa.builder().margin(m).halfLifeSeconds(600).name("vpa-tuned").build());
    }
    return c;
  }

  /** The comparison table's columns. */
  public static Table emptyTable() {
    return Table.create("comparison", StringColumn.create("workload"), StringColumn.create("agent"),
        DoubleColumn.create("slo_violation_pct"), DoubleColumn.create("p90_mean_ms"), DoubleColumn.create("p90_p99_ms"),
        DoubleColumn.create("cpu_cores_mean"), DoubleColumn.create("cpu_core_s"), DoubleColumn.create("replica_s"),
        IntColumn.create("converged_step"), DoubleColumn.create("p90_converged_ms"), DoubleColumn.create("train_wall_s"),
        StringColumn.create("note"));
  }

  static void addRow(Table t, String workload, String agent, Summary s, double wall, String note) {
    t.stringColumn("workload").append(workload);
    t.stringColumn("agent").append(agent);
    t.doubleColumn("slo_violation_pct").append(100 * s.sloViolationRate());
    t.doubleColumn("p90_mean_ms").append(s.p90MeanMs());
    t.doubleColumn("p90_p99_ms").append(s.p90P99Ms());
    t.doubleColumn("cpu_cores_mean").append(s.cpuCoresMean());
    t.doubleColumn("cpu_core_s").append(s.cpuCoreSeconds());
    t.doubleColumn("replica_s").append(s.replicaSeconds());
    t.intColumn("converged_step").append(s.convergedStep());
    t.doubleColumn("p90_converged_ms").append(s.p90AfterConvergenceMs());
    t.doubleColumn("train_wall_s").append(wall);
    t.stringColumn("note").append(note);
  }
}
