package faasrl.experiment;

import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.env.ActionSpace;
import faasrl.env.Agent;
import faasrl.env.EnvSpec;
import faasrl.env.Rewards;
import faasrl.env.ScalingEnv;
import faasrl.env.StateEncoders;
import faasrl.env.Termination;
import faasrl.rl.DqnAgent;
import faasrl.rl.Epsilon;
import faasrl.rl.JointDqn;
import faasrl.rl.PerFunctionDqn;
import faasrl.scaler.Hpa;
import faasrl.scaler.Kpa;
import faasrl.scaler.StaticScaler;
import faasrl.trace.AzureTrace;
import faasrl.trace.MinuteArrivals;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import tech.tablesaw.api.Table;

/**
 * One agent per function on the whole online-shop (the paper's section 5.2): all nine functions
 * scaled horizontally at once ({@value #REPLICA_MILLICORES}m per replica) on shared nodes, under
 * mixed load replayed from a trace in the Azure Functions invocations format (by default the
 * bundled synthetic day, {@code data/traces/online-shop-invocations.csv}: steady, diurnal, bursty and
 * stepped rows; checkout's and recommendation's calls add to their callees' load). Four agents:
 * <ul>
 *   <li>{@code multi-agent-dqn}: {@link PerFunctionDqn}, one agent per function sharing one network,
 *       each choosing its function's -1/0/+1 from that function's features and reward (the
 *       environment's space is {@link ActionSpace#factored}, 3^9 joint actions, never listed);
 *   <li>{@code joint-dqn}: {@link JointDqn}, one DQN over the nine functions' concatenated features
 *       whose action holds or moves one function by one replica (19 actions,
 *       {@link ActionSpace#oneAtATime});
 *   <li>{@code kpa} and {@code hpa}: Knative's and Kubernetes' autoscalers per function, defaults.
 * </ul>
 * The DQNs train on trace minutes {@value #TRAIN_FROM} to 720 (24-step episodes from random replica
 * counts) on the setup's seed; every agent is then evaluated from one replica each on a window of
 * the second half of the day (minute {@value #EVAL_FROM} on), which training never sees, on the
 * evaluation cluster seed {@link Seeds#evaluation}. Each function's p90 SLO ({@code out/slo.csv}) is the setup's, or
 * twice its median p90 at {@value #CALIBRATION_REPLICAS} replicas under the training load if larger
 * (checkout's latency includes its six calls).
 *
 * <pre>{@code
 * List<MultiAgentShop.Row> rows = MultiAgentShop.run(Setup.defaults().seed(7), MultiAgentShop.Sizes.quick(),
 *     Path.of("out/multi-agent/seed-7"), System.err);
 * System.out.print(MultiAgentShop.markdown(rows, false));   // one row per agent: SLO violations, CPU, replica-s
 * }</pre>
 */
public final class MultiAgentShop {
  /** The scaled functions, in the trace's row order. */
  public static final List<String> FUNCTIONS = List.of("adservice", "cartservice", "currencyservice", "emailservice",
      "paymentservice", "productcatalogservice", "shippingservice", "recommendationservice", "checkoutservice");
  /** CPU limit of every replica, as in {@link Horizontal}. */
  public static final int REPLICA_MILLICORES = 250;
  /** The bundled synthetic trace, on the classpath. */
  public static final String TRACE_RESOURCE = "faasrl/traces/online-shop-invocations.csv";
  /** First trace minute (from 1) of the training window; it ends at minute 720. */
  public static final int TRAIN_FROM = 1;
  /** Last trace minute of the training window. */
  public static final int TRAIN_TO = 720;
  /** First trace minute of the evaluation half; each seed's window starts somewhere in it. */
  public static final int EVAL_FROM = 721;
  /** Minutes in the trace. */
  public static final int DAY_MINUTES = 1440;
  /** Steps per training episode. */
  public static final int EPISODE_STEPS = 24;
  /** Replicas of every function in the SLO calibration run. */
  public static final int CALIBRATION_REPLICAS = 8;
  /** Agents in table order. */
  public static final List<String> AGENTS = List.of("multi-agent-dqn", "joint-dqn", "kpa", "hpa");

  private MultiAgentShop() {}

  /**
   * How long it runs.
   *
   * @param trainingSteps steps each DQN trains
   * @param evalSteps     steps of every evaluation
   */
  public record Sizes(int trainingSteps, int evalSteps) {
    public Sizes {
      if (trainingSteps < 1 || evalSteps < 1) {
        throw new IllegalArgumentException("training and evaluation steps must be >= 1, were " + trainingSteps
            + " and " + evalSteps);
      }
    }

    /**
     * The full run's 600 training steps with 36 evaluation steps (6 trace minutes), as the paper
     * experiments' --quick keeps their training: 3 seeds take about 1.5 minutes on an idle 2-core machine.
     */
    public static Sizes quick() {
      return new Sizes(600, 36);
    }

    /** 600 training steps, 90 evaluation steps (15 trace minutes). */
    public static Sizes full() {
      return new Sizes(600, 90);
    }
  }

  /**
   * One agent's evaluation on one seed.
   *
   * @param agent              one of {@link #AGENTS}
   * @param seed               the training seed; evaluated on {@link Seeds#evaluation(long)} of it
   * @param evalFromMinute     first trace minute of the evaluation window
   * @param sloViolationRate   fraction of steps in which some function missed its SLO
   * @param cpuCoresMean       CPU allocated, summed over the functions, mean over steps
   * @param replicaSeconds     replicas summed over the functions, integrated over the run
   * @param p90MeanMs          mean over steps of the worst function's p90
   * @param violationsByFunction per function, the fraction of steps it missed its SLO
   */
  public record Row(String agent, long seed, int evalFromMinute, double sloViolationRate, double cpuCoresMean,
      double replicaSeconds, double p90MeanMs, Map<String, Double> violationsByFunction) {
    public Row {
      violationsByFunction = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(violationsByFunction));
    }
  }

  /** Calls per minute of each of {@link #FUNCTIONS} over the day, from {@code invocations}. */
  public static Map<String, int[]> trace(Path invocations) {
    Map<String, int[]> m = new LinkedHashMap<>();
    for (String f : FUNCTIONS) {
      int[] row = AzureTrace.row(invocations, f);
      if (row.length < DAY_MINUTES) {
        throw new IllegalArgumentException(invocations + ": row " + f + " has " + row.length + " minutes, the "
            + "experiment needs a day (" + DAY_MINUTES + ")");
      }
      m.put(f, row);
    }
    return m;
  }

  /** The bundled synthetic trace, copied out of the classpath to a temporary file. */
  public static Path bundledTrace() {
    try (InputStream in = MultiAgentShop.class.getClassLoader().getResourceAsStream(TRACE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bundled trace " + TRACE_RESOURCE + " is not on the classpath");
      }
      Path tmp = Files.createTempFile("online-shop-invocations", ".csv");
      tmp.toFile().deleteOnExit();
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** First trace minute of the evaluation window of {@code seed}: inside the second half, never in training. */
  public static int evalFromMinute(long seed, int evalSteps, double stepSeconds) {
    int minutes = evalMinutes(evalSteps, stepSeconds);
    int room = DAY_MINUTES - EVAL_FROM + 1 - minutes;
    if (room < 1) {
      throw new IllegalArgumentException(evalSteps + " evaluation steps need " + minutes + " trace minutes, more "
          + "than the evaluation half of the day holds");
    }
    return EVAL_FROM + (int) Math.floorMod(Seeds.evaluation(seed) * 97, (long) room);
  }

  private static int evalMinutes(int evalSteps, double stepSeconds) {
    return (int) Math.ceil((evalSteps + 1) * stepSeconds / 60) + 1;
  }

  /** Runs one replicate on {@link #bundledTrace()}; step logs go to {@code out/<agent>} and {@code out/train-*}. */
  public static List<Row> run(Setup setup, Sizes sizes, Path out, PrintStream progress) {
    return run(setup, trace(bundledTrace()), sizes, out, progress);
  }

  /**
   * Trains the two DQNs on the setup's seed and the training window of {@code trace}, then evaluates
   * them, KPA and HPA on {@link Seeds#evaluation(long)} and the seed's evaluation window.
   */
  public static List<Row> run(Setup setup, Map<String, int[]> trace, Sizes sizes, Path out, PrintStream progress) {
    return run(setup, trace, sizes, true, out, progress);
  }

  /**
   * As {@link #run(Setup, Map, Sizes, Path, PrintStream)}, the multi-agent DQN with one network
   * shared by the functions ({@code sharedNetwork}) or one per function (the ablation).
   */
  public static List<Row> run(Setup setup, Map<String, int[]> trace, Sizes sizes, boolean sharedNetwork, Path out,
      PrintStream progress) {
    Map<String, Duration> slo = calibratedSlo(setup, trace);
    writeSlo(slo, out);
    PerFunctionDqn multi = multiAgent(setup, sizes.trainingSteps(), sharedNetwork);
    JointDqn joint = jointAgent(setup, sizes.trainingSteps());
    for (Agent a : List.of(multi, joint)) {
      try (Cluster c = setup.cluster(0)) {
        ScalingEnv env = trainingEnv(setup, c, a == joint, slo, trace, sizes.trainingSteps()).build();
        Experiment.train(a, env).steps(sizes.trainingSteps()).out(out.resolve("train-" + a.name()))
            .checkpointEvery(0).progress(progress).run();
      }
    }
    int from = evalFromMinute(setup.seed(), sizes.evalSteps(), setup.stepSeconds());
    List<Row> rows = new ArrayList<>();
    List<Supplier<Agent>> agents = List.of(() -> multi, () -> joint, () -> Kpa.builder().build(),
        () -> Hpa.builder().build());
    for (int i = 0; i < agents.size(); i++) {
      Agent a = agents.get(i).get();
      try (Cluster c = setup.clusters().start(Seeds.evaluation(setup.seed()))) {
        ScalingEnv env = evaluationEnv(setup, c, a == joint, slo, trace, from, sizes.evalSteps()).build();
        RunResult r = Experiment.evaluate(a, env).steps(sizes.evalSteps()).out(out.resolve(AGENTS.get(i)))
            .checkpointEvery(0).progress(progress).run();
        Summary s = r.summary();
        rows.add(new Row(AGENTS.get(i), setup.seed(), from, s.sloViolationRate(), s.cpuCoresMean(),
            s.replicaSeconds(), s.p90MeanMs(), violationsByFunction(r.steps(), r.spec())));
      }
    }
    return rows;
  }

  /**
   * The multi-agent DQN: one network shared by the nine functions, epsilon 1 to 0.05 over the first
   * half of training (counted in per-function transitions), one update per transition.
   */
  public static PerFunctionDqn multiAgent(Setup setup, int trainingSteps) {
    return multiAgent(setup, trainingSteps, true);
  }

  /**
   * The multi-agent DQN with one shared network, or with one network per function
   * ({@code sharedNetwork} false): each then sees one transition per step, so its epsilon falls over
   * the first half of the steps, as the shared one's over the first half of all functions' transitions.
   */
  public static PerFunctionDqn multiAgent(Setup setup, int trainingSteps, boolean sharedNetwork) {
    double transitions = (double) trainingSteps * (sharedNetwork ? FUNCTIONS.size() : 1);
    return PerFunctionDqn.builder().reward(Rewards.sloCost(Horizontal.WEIGHTS)).sharedNetwork(sharedNetwork)
        .dqn(DqnAgent.builder().updatesPerStep(1).epsilon(Epsilon.linear(1, 0.05, Math.max(1, transitions / 2))))
        .seed(setup.seed()).build();
  }

  /**
   * The joint DQN: epsilon 1 to 0.05 over the first half of training, one update per step, and a
   * Huber threshold nine times the builder's default, as its reward is the sum of nine functions'
   * (the multi-agent's TD errors are clipped at the same size relative to its per-function reward).
   */
  public static JointDqn jointAgent(Setup setup, int trainingSteps) {
    return JointDqn.builder().functions(FUNCTIONS.size())
        .dqn(DqnAgent.builder().updatesPerStep(1).huberDelta(FUNCTIONS.size())
            .epsilon(Epsilon.linear(1, 0.05, Math.max(1, trainingSteps / 2.0))))
        .seed(setup.seed()).build();
  }

  /**
   * The training environment: the training window's calls (repeated if training outlasts it), random
   * replica counts per 24-step episode; the joint agent's space if {@code joint}, else the factored one.
   */
  public static ScalingEnv.Builder trainingEnv(Setup setup, Cluster c, boolean joint, Map<String, Duration> slo,
      Map<String, int[]> trace, int trainingSteps) {
    int minutes = (int) Math.ceil((trainingSteps + trainingSteps / (double) EPISODE_STEPS + 2) * setup.stepSeconds()
        / 60) + 1;
    Map<String, LoadPattern> load = new LinkedHashMap<>();
    trace.forEach((f, counts) -> load.put(f, MinuteArrivals.random(window(counts, TRAIN_FROM, TRAIN_TO, minutes),
        setup.seed())));
    return base(setup, c, joint, slo).load(load).randomReset(true).termination(Termination.truncateAfter(EPISODE_STEPS));
  }

  /** The evaluation environment: one endless episode of the window from {@code fromMinute}, one replica each. */
  public static ScalingEnv.Builder evaluationEnv(Setup setup, Cluster c, boolean joint, Map<String, Duration> slo,
      Map<String, int[]> trace, int fromMinute, int evalSteps) {
    int minutes = evalMinutes(evalSteps, setup.stepSeconds());
    Map<String, LoadPattern> load = new LinkedHashMap<>();
    trace.forEach((f, counts) -> load.put(f, MinuteArrivals.random(window(counts, fromMinute, DAY_MINUTES, minutes),
        Seeds.evaluation(setup.seed()))));
    return base(setup, c, joint, slo).load(load).termination(Termination.never());
  }

  private static ScalingEnv.Builder base(Setup setup, Cluster c, boolean joint, Map<String, Duration> slo) {
    List<ActionSpace.Knob> knobs = ActionSpace.horizontalKnobs(FUNCTIONS);
    ScalingEnv.Builder b = ScalingEnv.horizontal(c, FUNCTIONS.toArray(new String[0]))
        .actions(joint ? ActionSpace.oneAtATime(knobs) : ActionSpace.factored(knobs)).slo(setup.slo())
        .bounds(setup.bounds()).stepSeconds(setup.stepSeconds())
        .resetConfig(ScalingConfig.defaults().cpuMillicores(REPLICA_MILLICORES)).encoder(StateEncoders.normalised())
        .reward(Rewards.sloCost(Horizontal.WEIGHTS)).seed(setup.seed());
    slo.forEach(b::slo);
    return b;
  }

  /**
   * {@code minutes} minutes of {@code counts} from trace minute {@code from} (1-based), wrapping
   * around to {@code from} after minute {@code to}: training may outlast its window, never leave it.
   */
  static int[] window(int[] counts, int from, int to, int minutes) {
    int[] w = new int[minutes];
    int span = to - from + 1;
    for (int i = 0; i < minutes; i++) {
      w[i] = counts[from - 1 + i % span];
    }
    return w;
  }

  /**
   * Each function's p90 SLO: the setup's, or twice the function's median step p90 when every function
   * runs {@value #CALIBRATION_REPLICAS} replicas under the training load (6 steps on a training
   * cluster seed), if that is larger.
   */
  public static Map<String, Duration> calibratedSlo(Setup setup, Map<String, int[]> trace) {
    ScalingConfig ample = ScalingConfig.defaults().cpuMillicores(REPLICA_MILLICORES).replicas(CALIBRATION_REPLICAS);
    Map<String, Duration> slo = new LinkedHashMap<>();
    try (Cluster c = setup.cluster(1)) {
      ScalingEnv env = trainingEnv(setup, c, false, Map.of(), trace, 6).resetConfig(ample).randomReset(false).build();
      Table steps = Experiment.evaluate(StaticScaler.of(ample), env).steps(6).checkpointEvery(0).run().steps();
      for (String f : FUNCTIONS) {
        double median = steps.where(steps.stringColumn("function").isEqualTo(f)).doubleColumn("p90_us").median();
        long twice = Math.round(2 * median / 1000);
        slo.put(f, twice > setup.slo().toMillis() ? Duration.ofMillis(twice) : setup.slo());
      }
    }
    return slo;
  }

  /** Writes {@code out/slo.csv}: the p90 SLO of each function in this replicate. */
  private static void writeSlo(Map<String, Duration> slo, Path out) {
    StringBuilder b = new StringBuilder("function,slo_ms\n");
    slo.forEach((f, d) -> b.append(f).append(',').append(d.toMillis()).append('\n'));
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("slo.csv"), b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Per function, the share of steps it missed its own SLO (p90, or too many failures), from a step log. */
  static Map<String, Double> violationsByFunction(Table steps, EnvSpec spec) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String f : FUNCTIONS) {
      Table t = steps.where(steps.stringColumn("function").isEqualTo(f));
      int missed = 0;
      for (int i = 0; i < t.rowCount(); i++) {
        double p90 = t.doubleColumn("p90_us").getDouble(i);
        long issued = t.numberColumn("issued").getDouble(i) > 0 ? (long) t.numberColumn("issued").getDouble(i) : 0;
        double failed = issued == 0 ? 0 : t.numberColumn("failed").getDouble(i) / issued;
        boolean met = Double.isFinite(p90) && p90 <= spec.slo(f) && failed <= spec.maxFailedFraction();
        missed += met ? 0 : 1;
      }
      m.put(f, t.rowCount() == 0 ? Double.NaN : (double) missed / t.rowCount());
    }
    return m;
  }

  /**
   * Every seed of {@code seeds}, {@code parallel} at once, each in {@code out/seed-<seed>}; the rows
   * also go to {@code out/multi-agent.csv} (one per agent and seed) and {@code out/multi-agent-functions.csv}
   * (one per agent, seed and function).
   */
  public static List<Row> runSeeds(Setup setup, Seeds seeds, Sizes sizes, int parallel, Path out, PrintStream progress)
      throws IOException {
    return runSeeds(setup, seeds, sizes, true, parallel, out, progress);
  }

  /** {@link #runSeeds(Setup, Seeds, Sizes, int, Path, PrintStream)} with shared or independent networks. */
  public static List<Row> runSeeds(Setup setup, Seeds seeds, Sizes sizes, boolean sharedNetwork, int parallel,
      Path out, PrintStream progress) throws IOException {
    Map<String, int[]> trace = trace(bundledTrace());
    int threads = Math.max(1, Math.min(parallel, seeds.count()));
    ExecutorService pool = SeedRuns.daemonPool(threads, "multi-agent-seed");
    List<Row> rows = new ArrayList<>();
    try {
      List<Future<List<Row>>> runs = new ArrayList<>();
      for (long seed : seeds.trainingSeeds()) {
        PrintStream p = progress == null ? null : threads == 1 ? progress : SeedRuns.prefixed(progress, "[seed " + seed + "] ");
        runs.add(pool.submit(() -> run(setup.seed(seed), trace, sizes, sharedNetwork, SeedRuns.dir(out, seed), p)));
      }
      for (Future<List<Row>> f : runs) {
        rows.addAll(SeedRuns.get(f));
      }
    } finally {
      pool.shutdownNow();
    }
    writeCsv(rows, out);
    return rows;
  }

  /** Writes {@code multi-agent.csv} and {@code multi-agent-functions.csv} into {@code dir}. */
  public static void writeCsv(List<Row> rows, Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder all = new StringBuilder("agent,seed,eval_from_minute,slo_violation_pct,cpu_cores_mean,replica_s,"
        + "p90_mean_ms\n");
    StringBuilder per = new StringBuilder("agent,seed,function,slo_violation_pct\n");
    for (Row r : rows) {
      all.append(String.format(Locale.ROOT, "%s,%d,%d,%.3f,%.4f,%.1f,%.4f%n", r.agent(), r.seed(), r.evalFromMinute(),
          100 * r.sloViolationRate(), r.cpuCoresMean(), r.replicaSeconds(), r.p90MeanMs()));
      r.violationsByFunction().forEach((f, v) -> per.append(String.format(Locale.ROOT, "%s,%d,%s,%.3f%n", r.agent(),
          r.seed(), f, 100 * v)));
    }
    Files.writeString(dir.resolve("multi-agent.csv"), all);
    Files.writeString(dir.resolve("multi-agent-functions.csv"), per);
  }

  /**
   * The table: one row per agent with the mean over seeds (and with {@code interval} the half-width
   * of the 95% t-interval) of SLO violations (steps where some function missed), CPU, replica-s and
   * p90; then the share of steps each function missed its SLO, per agent, mean over seeds.
   */
  public static String markdown(List<Row> rows, boolean interval) {
    StringBuilder b = new StringBuilder("| agent | SLO violations | CPU mean (cores) | replica-s | p90 mean (ms) | seeds |\n"
        + "|---|---:|---:|---:|---:|---:|\n");
    for (String agent : AGENTS) {
      List<Row> rs = rows.stream().filter(r -> r.agent().equals(agent)).toList();
      if (rs.isEmpty()) {
        continue;
      }
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d |%n", agent,
          Report.cell(values(rs, r -> 100 * r.sloViolationRate()), interval, "%.1f%%", "%.1f"),
          Report.cell(values(rs, Row::cpuCoresMean), interval, "%.2f", "%.2f"),
          Report.cell(values(rs, Row::replicaSeconds), interval, "%.0f", "%.0f"),
          Report.cell(Arrays.stream(values(rs, Row::p90MeanMs)).filter(Double::isFinite).toArray(), interval, "%.2f",
              "%.2f"), rs.size()));
    }
    b.append("\nSteps each function missed its SLO (mean over seeds):\n\n| agent |");
    FUNCTIONS.forEach(f -> b.append(' ').append(f.replace("service", "")).append(" |"));
    b.append("\n|---|").append("---:|".repeat(FUNCTIONS.size())).append('\n');
    for (String agent : AGENTS) {
      List<Row> rs = rows.stream().filter(r -> r.agent().equals(agent)).toList();
      if (rs.isEmpty()) {
        continue;
      }
      b.append("| ").append(agent).append(" |");
      for (String f : FUNCTIONS) {
        b.append(String.format(Locale.ROOT, " %.1f%% |", 100 * Arrays.stream(values(rs,
            r -> r.violationsByFunction().getOrDefault(f, Double.NaN))).average().orElse(Double.NaN)));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static double[] values(List<Row> rs, java.util.function.ToDoubleFunction<Row> f) {
    return rs.stream().mapToDouble(f).toArray();
  }
}
