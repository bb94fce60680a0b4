package faasrl.chain;

import faasrl.cluster.Cluster;
import faasrl.experiment.Comparison;
import faasrl.experiment.Formulation;
import faasrl.experiment.Report;
import faasrl.experiment.SeedRuns;
import faasrl.experiment.Seeds;
import faasrl.experiment.Setup;
import faasrl.experiment.Workload;
import faasrl.rl.DqnAgent;
import faasrl.scaler.Hpa;
import faasrl.scaler.Kpa;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The chained-checkout experiment: the CPU limits of checkoutservice and the six functions it calls,
 * load on checkoutservice only, an SLO on the end-to-end p90. Per seed (as {@link Seeds} splits them):
 * the chain's unloaded latencies are measured and the SLO split over the hops
 * ({@link ChainBaseline#splitSlo}) on the training seed; one vertical DQN per hop trains on its own
 * function and split SLO (the vertical experiment's DQN, {@link Formulation#dqn}:
 * its training loads, guarded exploration and evaluation rules);
 * then on the evaluation seed, on each of the four standard workloads, these agents run from 100m:
 * <ul>
 *   <li>{@code split-slo}: the per-hop DQNs on their split SLOs ({@link SplitSloScaler});</li>
 *   <li>{@code critical-path}: the same DQNs steered by the critical path ({@link CriticalPathScaler});</li>
 *   <li>{@code kpa}, {@code hpa}: one KPA or HPA per hop with production defaults, replicas of 100m.</li>
 * </ul>
 *
 * <pre>{@code
 * Table rows = ChainExperiment.of(Setup.defaults()).trainingSteps(800).evalSteps(36)
 *     .run(new Seeds(7, 3), Path.of("chain"), System.err);
 * String md = ChainExperiment.markdown(rows, false);
 * }</pre>
 */
public final class ChainExperiment {
  /**
   * The default end-to-end SLO: 15 ms, twice the chain's unloaded p90 on the simulator (7.3-7.7 ms
   * with every hop on one core at 20-300 RPS), the same rule as the single functions' calibrated SLOs.
   */
  public static final Duration DEFAULT_SLO = Duration.ofMillis(15);

  /** The agents, in table order. */
  public static final List<String> AGENTS = List.of("split-slo", "critical-path", "kpa", "hpa");

  /** Load on the entry while the baseline is measured: light, every hop on one core. */
  static final double BASELINE_RPS = 20;
  static final int BASELINE_STEPS = 4;

  private final Setup setup;
  private final Chain chain;
  private final Duration slo;
  private final int trainingSteps, evalSteps, parallel;
  private final double near;

  private ChainExperiment(Setup setup, Chain chain, Duration slo, int trainingSteps, int evalSteps, int parallel,
      double near) {
    this.setup = setup;
    this.chain = chain;
    this.slo = slo;
    this.trainingSteps = trainingSteps;
    this.evalSteps = evalSteps;
    this.parallel = parallel;
    this.near = near;
  }

  /** The checkout chain with {@link #DEFAULT_SLO}, 800 training steps per hop, 36 evaluation steps. */
  public static ChainExperiment of(Setup setup) {
    return new ChainExperiment(setup, Chain.checkout(), DEFAULT_SLO, 800, 36,
        Runtime.getRuntime().availableProcessors(), CriticalPathScaler.DEFAULT_NEAR);
  }

  /** Training steps of each hop's DQN. */
  public ChainExperiment trainingSteps(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("training steps must be >= 1, was " + v);
    }
    return new ChainExperiment(setup, chain, slo, v, evalSteps, parallel, near);
  }

  /** Steps of every evaluation. */
  public ChainExperiment evalSteps(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("evaluation steps must be >= 1, was " + v);
    }
    return new ChainExperiment(setup, chain, slo, trainingSteps, v, parallel, near);
  }

  /** The end-to-end p90 SLO. */
  public ChainExperiment slo(Duration v) {
    if (v == null || v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException("end-to-end SLO must be > 0, was " + v);
    }
    return new ChainExperiment(setup, chain, v, trainingSteps, evalSteps, parallel, near);
  }

  /** Seeds run at once, one thread each (default: available processors). */
  public ChainExperiment parallel(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("parallel seeds must be >= 1, was " + v);
    }
    return new ChainExperiment(setup, chain, slo, trainingSteps, evalSteps, v, near);
  }

  public Duration slo() {
    return slo;
  }

  public int trainingSteps() {
    return trainingSteps;
  }

  public int evalSteps() {
    return evalSteps;
  }

  /**
   * Runs every seed (its training and evaluations spread over {@link #parallel} threads, each seed in
   * {@code out/seed-<seed>}) and returns one row per seed,
   * workload and agent: seed, workload, agent, violation_pct, e2e_p90_median_ms, cpu_cores_mean, then
   * critical_&lt;hop&gt;, the steps each hop was critical. The rows also go to {@code out/chain.csv}.
   */
  public Table run(Seeds seeds, Path out, PrintStream progress) throws IOException {
    int threads = Math.min(parallel, seeds.count() * chain.hops().size());
    ExecutorService pool = SeedRuns.daemonPool(threads, "chain-run");
    try {
      // Training is the bulk of the work: one task per seed and hop (the entry's, which simulates the
      // whole chain, first), so every core stays busy whatever the number of seeds.
      Map<Long, PrintStream> log = new LinkedHashMap<>();
      Map<Long, ChainBaseline> baselines = new LinkedHashMap<>();
      List<Future<?>> training = new ArrayList<>();
      for (long seed : seeds.trainingSeeds()) {
        log.put(seed, progress == null ? null : SeedRuns.prefixed(progress, "[seed " + seed + "] "));
        Setup s = setup.seed(seed);
        try (Cluster c = s.cluster(0)) {
          baselines.put(seed, ChainBaseline.measure(c, chain, BASELINE_RPS, BASELINE_STEPS, s.stepSeconds()));
        }
      }
      for (String hop : chain.hops()) {
        for (long seed : seeds.trainingSeeds()) {
          Map<String, Double> split = baselines.get(seed).splitSlo(slo);
          training.add(pool.submit(() -> {
            train(setup.seed(seed), hop, split.get(hop), trainDir(out, seed, hop), log.get(seed));
            return null;
          }));
        }
      }
      for (Future<?> f : training) {
        SeedRuns.get(f);
      }
      List<Future<Table>> runs = new ArrayList<>();
      for (long seed : seeds.trainingSeeds()) {
        for (Workload w : workloads()) {
          runs.add(pool.submit(() -> evaluate(seed, baselines.get(seed), w, SeedRuns.dir(out, seed), log.get(seed))));
        }
      }
      Table all = emptyTable();
      for (Future<Table> f : runs) {
        all.append(SeedRuns.get(f));
      }
      Files.createDirectories(out);
      all.write().csv(out.resolve("chain.csv").toFile());
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Workload> workloads() {
    return Workload.standard(evalSteps * setup.stepSeconds());
  }

  private static Path trainDir(Path out, long seed, String hop) {
    return SeedRuns.dir(out, seed).resolve("train").resolve(hop);
  }

  /** Trains {@code hop}'s DQN on its own function and split SLO; the run goes to {@code dir}. */
  private void train(Setup s, String hop, double sloMicros, Path dir, PrintStream progress) {
    Setup hs = s.function(hop).slo(Duration.ofNanos(Math.round(sloMicros * 1000)));
    Comparison.trainDqn(hs, Formulation.FAASRL.dqn(trainingSteps), trainingSteps, dir, null, false, 0);
    if (progress != null) {
      progress.printf(Locale.ROOT, "trained %s on its split SLO %.2f ms (%d steps)%n", hop, sloMicros / 1000,
          trainingSteps);
    }
  }

  /** Every agent on one workload, on the seed's evaluation cluster seed ({@link Seeds#evaluation(long)}). */
  private Table evaluate(long seed, ChainBaseline baseline, Workload w, Path out, PrintStream progress)
      throws IOException {
    Setup s = setup.seed(seed);
    Map<String, Double> split = baseline.splitSlo(slo);
    Map<String, DqnAgent> trained = new LinkedHashMap<>();
    for (String hop : chain.hops()) {
      trained.put(hop, DqnAgent.restore(trainDir(out.getParent(), seed, hop).resolve("checkpoint").resolve("agent")));
    }
    HopDqns dqns = HopDqns.of(trained, split, s);
    ChainRun run = ChainRun.of(chain, baseline, slo).load(w.pattern()).steps(evalSteps).stepSeconds(s.stepSeconds());
    Map<String, Supplier<ChainScaler>> agents = new LinkedHashMap<>();
    agents.put("split-slo", () -> new SplitSloScaler(dqns));
    agents.put("critical-path", () -> new CriticalPathScaler(dqns, run.e2eSloMicros(), near));
    agents.put("kpa", () -> new RuleScaler(Kpa.builder().build(), chain, s.bounds(), s.stepSeconds()));
    agents.put("hpa", () -> new RuleScaler(Hpa.builder().build(), chain, s.bounds(), s.stepSeconds()));
    Table rows = emptyTable();
    for (Map.Entry<String, Supplier<ChainScaler>> e : agents.entrySet()) {
      ChainRun.Result r;
      try (Cluster c = s.clusters().start(Seeds.evaluation(seed))) {
        r = run.run(c, e.getValue().get(), out.resolve(w.name()).resolve(e.getKey()));
      }
      addRow(rows, seed, w.name(), e.getKey(), r);
      if (progress != null) {
        progress.printf(Locale.ROOT, "%-8s %-13s violations %5.1f%%, e2e p90 %6.2f ms, CPU %.3f cores, critical %s%n",
            w.name(), e.getKey(), 100 * r.violationRate(), r.e2eP90MedianMs(), r.cpuMeanCores(), r.criticalCounts());
      }
    }
    return rows;
  }

  private Table emptyTable() {
    Table t = Table.create("chain", LongColumn.create("seed"), StringColumn.create("workload"),
        StringColumn.create("agent"), DoubleColumn.create("violation_pct"), DoubleColumn.create("e2e_p90_median_ms"),
        DoubleColumn.create("cpu_cores_mean"));
    for (String h : chain.hops()) {
      t.addColumns(IntColumn.create("critical_" + h));
    }
    return t;
  }

  private void addRow(Table t, long seed, String workload, String agent, ChainRun.Result r) {
    t.longColumn("seed").append(seed);
    t.stringColumn("workload").append(workload);
    t.stringColumn("agent").append(agent);
    t.doubleColumn("violation_pct").append(100 * r.violationRate());
    t.doubleColumn("e2e_p90_median_ms").append(r.e2eP90MedianMs());
    t.doubleColumn("cpu_cores_mean").append(r.cpuMeanCores());
    for (String h : chain.hops()) {
      t.intColumn("critical_" + h).append(r.criticalCounts().get(h));
    }
  }

  /**
   * The rows of {@link #run} as Markdown: a table over all workloads (each seed's mean over the
   * workloads, then the mean over seeds), one per workload, and how often each hop was critical per
   * agent. With {@code interval}, cells carry the half-width of their 95% t-interval over seeds.
   */
  public static String markdown(Table rows, boolean interval) {
    StringBuilder b = new StringBuilder();
    List<String> workloads = rows.stringColumn("workload").unique().asList();
    b.append("\n### all workloads\n\n").append(header());
    for (String agent : agents(rows)) {
      Table a = rows.where(rows.stringColumn("agent").isEqualTo(agent));
      Map<Long, double[]> perSeed = new LinkedHashMap<>();
      for (int i = 0; i < a.rowCount(); i++) {
        double[] acc = perSeed.computeIfAbsent(a.longColumn("seed").get(i), k -> new double[4]);
        acc[0] += a.doubleColumn("violation_pct").getDouble(i);
        acc[1] += a.doubleColumn("e2e_p90_median_ms").getDouble(i);
        acc[2] += a.doubleColumn("cpu_cores_mean").getDouble(i);
        acc[3]++;
      }
      double[][] cols = new double[3][perSeed.size()];
      int k = 0;
      for (double[] acc : perSeed.values()) {
        for (int c = 0; c < 3; c++) {
          cols[c][k] = acc[c] / acc[3];
        }
        k++;
      }
      b.append(row(agent, cols[0], cols[1], cols[2], interval));
    }
    for (String w : workloads) {
      b.append("\n### ").append(w).append("\n\n").append(header());
      for (String agent : agents(rows)) {
        Table t = rows.where(rows.stringColumn("workload").isEqualTo(w).and(rows.stringColumn("agent").isEqualTo(agent)));
        b.append(row(agent, t.doubleColumn("violation_pct").asDoubleArray(),
            t.doubleColumn("e2e_p90_median_ms").asDoubleArray(), t.doubleColumn("cpu_cores_mean").asDoubleArray(),
            interval));
      }
    }
    List<String> hops = rows.columnNames().stream().filter(c -> c.startsWith("critical_"))
        .map(c -> c.substring("critical_".length())).toList();
    b.append("\n### Critical hop (share of steps, all workloads and seeds)\n\n| agent |");
    hops.forEach(h -> b.append(' ').append(h).append(" |"));
    b.append("\n|---|").append("---:|".repeat(hops.size())).append('\n');
    for (String agent : agents(rows)) {
      Table t = rows.where(rows.stringColumn("agent").isEqualTo(agent));
      double total = 0;
      for (String h : hops) {
        total += t.intColumn("critical_" + h).sum();
      }
      b.append("| ").append(agent).append(" |");
      for (String h : hops) {
        b.append(String.format(Locale.ROOT, " %.0f%% |", total == 0 ? 0 : 100 * t.intColumn("critical_" + h).sum() / total));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static List<String> agents(Table rows) {
    List<String> present = rows.stringColumn("agent").unique().asList();
    List<String> out = new ArrayList<>(AGENTS.stream().filter(present::contains).toList());
    present.stream().filter(a -> !out.contains(a)).forEach(out::add);
    return out;
  }

  private static String header() {
    return "| agent | e2e SLO violations | e2e p90 (ms) | CPU mean (cores) | seeds |\n|---|---:|---:|---:|---:|\n";
  }

  private static String row(String agent, double[] violations, double[] p90, double[] cpu, boolean interval) {
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %d |%n", agent,
        cell(violations, interval, "%.1f%%", "%.1f"), cell(p90, interval, "%.2f", "%.2f"),
        cell(cpu, interval, "%.3f", "%.3f"), violations.length);
  }

  private static String cell(double[] v, boolean interval, String meanFormat, String halfFormat) {
    if (v.length == 0) {
      return "-";
    }
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    String m = String.format(Locale.ROOT, meanFormat, mean);
    return !interval || v.length < 2 || !Double.isFinite(mean) ? m
        : m + " ± " + String.format(Locale.ROOT, halfFormat, Report.halfWidth(v));
  }
}
