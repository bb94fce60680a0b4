package faasrl.chain;

import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.env.Bounds;
import faasrl.env.Observation;
import faasrl.experiment.Setup;
import faasrl.function.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Runs a {@link ChainScaler} on a chain: load on the entry only (the callees get the entry's calls),
 * every hop from the same start configuration, one observation step, then {@code steps} scored steps
 * in which the scaler decides every hop's configuration (clamped to the bounds) and the step is
 * localised ({@link CriticalPath}). Settings are immutable; each {@link #run} starts afresh.
 *
 * <!-- given: ChainBaseline baseline; HopDqns dqns -->
 * <pre>{@code
 * ChainRun run = ChainRun.of(Chain.checkout(), baseline, Duration.ofMillis(15)).load(LoadPattern.poisson(300))
 *     .steps(36);
 * try (Cluster c = Clusters.simulated().seed(1_000_000_007L).start()) {
 *   ChainRun.Result r = run.run(c, new SplitSloScaler(dqns), Path.of("run"));   // steps.csv there; null: no log
 *   System.out.println(r.violationRate() + " " + r.cpuMeanCores() + " " + r.criticalCounts());
 * }
 * }</pre>
 *
 * @param chain       the chain
 * @param baseline    its unloaded latencies, for the localisation
 * @param e2eSlo      the end-to-end p90 SLO
 * @param load        the entry's load
 * @param steps       scored steps
 * @param stepSeconds step length
 * @param start       every hop's configuration at the start
 * @param bounds      CPU and replica bounds
 * @param window      steps the localisation's correlations look back over
 */
public record ChainRun(Chain chain, ChainBaseline baseline, Duration e2eSlo, LoadPattern load, int steps,
    double stepSeconds, ScalingConfig start, Bounds bounds, int window) {

  public ChainRun {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(load, "load");
    if (!chain.equals(baseline.chain())) {
      throw new IllegalArgumentException("baseline is of " + baseline.chain() + ", not of " + chain);
    }
    if (e2eSlo == null || e2eSlo.isNegative() || e2eSlo.isZero()) {
      throw new IllegalArgumentException("end-to-end SLO must be > 0, was " + e2eSlo);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, was " + steps);
    }
    if (!(stepSeconds > 0) || stepSeconds > 3600) {
      throw new IllegalArgumentException("step length must be in (0, 3600] s, was " + stepSeconds);
    }
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1 step, was " + window);
    }
  }

  /** 36 steps of Poisson 300 RPS, with the step length, start (100m) and bounds of {@link Setup#defaults()}. */
  public static ChainRun of(Chain chain, ChainBaseline baseline, Duration e2eSlo) {
    Setup s = Setup.defaults();
    return new ChainRun(chain, baseline, e2eSlo, LoadPattern.poisson(300), 36, s.stepSeconds(), Setup.START,
        s.bounds(), 6);
  }

  public ChainRun load(LoadPattern v) {
    return new ChainRun(chain, baseline, e2eSlo, v, steps, stepSeconds, start, bounds, window);
  }

  public ChainRun steps(int v) {
    return new ChainRun(chain, baseline, e2eSlo, load, v, stepSeconds, start, bounds, window);
  }

  public ChainRun stepSeconds(double v) {
    return new ChainRun(chain, baseline, e2eSlo, load, steps, v, start, bounds, window);
  }

  public ChainRun start(ScalingConfig v) {
    return new ChainRun(chain, baseline, e2eSlo, load, steps, stepSeconds, v, bounds, window);
  }

  /** The end-to-end SLO in microseconds. */
  public double e2eSloMicros() {
    return e2eSlo.toNanos() / 1000.0;
  }

  /**
   * Runs {@code scaler} on {@code cluster} (deploying the hops not yet there); the per-step log
   * also goes to {@code out/steps.csv} when {@code out} is not null.
   */
  public Result run(Cluster cluster, ChainScaler scaler, Path out) throws IOException {
    Catalog shop = Catalog.onlineShop();
    Map<String, ScalingConfig> configs = new LinkedHashMap<>();
    for (String h : chain.deployOrder()) {
      ScalingConfig c = bounds.clamp(start);
      if (!cluster.functions().contains(h)) {
        cluster.deploy(shop.get(h), c);
      } else if (!cluster.config(h).equals(c)) {
        cluster.scale(h, c);
      }
      configs.put(h, c);
    }
    cluster.awaitReady();
    ArrayDeque<StepResult> recent = new ArrayDeque<>();
    double time = 0;
    StepResult last = step(cluster, time);
    time += stepSeconds;
    Log log = new Log(chain);
    for (int s = 0; s < steps; s++) {
      recent.addLast(last);
      // a ScalingEnv's memory: the hops' DQNs read their state's history and their rules from it
      while (recent.size() > Math.max(window, Observation.MEMORY_STEPS)) {
        recent.removeFirst();
      }
      List<StepResult> seen = new ArrayList<>(recent);
      CriticalPath before = CriticalPath.of(chain, baseline, Observation.tail(seen, window));
      Map<String, ScalingConfig> asked = scaler.decide(new ChainObservation(seen, configs, time, before));
      for (String h : chain.hops()) {
        ScalingConfig next = bounds.clamp(asked.getOrDefault(h, configs.get(h)));
        if (!next.equals(configs.get(h))) {
          cluster.scale(h, next);
          configs.put(h, next);
        }
      }
      last = step(cluster, time);
      log.add(s, time, last, CriticalPath.of(chain, baseline, last), e2eSloMicros());
      time += stepSeconds;
    }
    Table t = log.table(scaler.name());
    if (out != null) {
      Files.createDirectories(out);
      t.write().csv(out.resolve("steps.csv").toFile());
    }
    return Result.of(scaler.name(), t, chain);
  }

  private StepResult step(Cluster cluster, double at) {
    return cluster.run(Load.of(chain.entry(), load).seconds(stepSeconds).offset(Duration.ofNanos(Math.round(at * 1e9))));
  }

  /** Whether a step met the end-to-end SLO: requests completed, entry p90 within it, at most 1% failed. */
  public static boolean met(FunctionMetrics entry, double sloMicros) {
    double p90 = entry.p90Micros();
    double failed = entry.issued() == 0 ? 0 : (double) entry.failed() / entry.issued();
    return Double.isFinite(p90) && p90 <= sloMicros && failed <= 0.01;
  }

  /**
   * What a run achieved. Immutable.
   *
   * @param agent          the scaler's name
   * @param steps          the per-step log: step, time_s, e2e_p90_us, e2e_met, cpu_cores, critical, then per hop
   *                       {@code <hop>_cpu_m}, {@code <hop>_replicas}, {@code <hop>_p90_us},
   *                       {@code <hop>_contribution_us}
   * @param violationRate  share of steps that missed the end-to-end SLO
   * @param e2eP90MedianMs median over steps of the end-to-end p90 (a step where nothing completed counts as infinite)
   * @param cpuMeanCores   mean over steps of the CPU allocated to all hops (time-averaged limits of all pods), cores
   * @param criticalCounts steps in which each hop was critical, hops in chain order
   */
  public record Result(String agent, Table steps, double violationRate, double e2eP90MedianMs, double cpuMeanCores,
      Map<String, Integer> criticalCounts) {
    public Result {
      criticalCounts = Collections.unmodifiableMap(new LinkedHashMap<>(criticalCounts));
    }

    static Result of(String agent, Table t, Chain chain) {
      int n = t.rowCount();
      double violations = 0;
      double[] p90 = new double[n];
      for (int i = 0; i < n; i++) {
        violations += t.intColumn("e2e_met").getInt(i) == 0 ? 1 : 0;
        double v = t.doubleColumn("e2e_p90_us").getDouble(i);
        p90[i] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
      }
      java.util.Arrays.sort(p90);
      double median = n % 2 == 1 ? p90[n / 2] : (p90[n / 2 - 1] + p90[n / 2]) / 2;
      Map<String, Integer> counts = new LinkedHashMap<>();
      chain.hops().forEach(h -> counts.put(h, 0));
      t.stringColumn("critical").forEach(h -> counts.merge(h, 1, Integer::sum));
      return new Result(agent, t, violations / n, median / 1000, t.doubleColumn("cpu_cores").mean(), counts);
    }
  }

  /** The per-step log being written. */
  private static final class Log {
    private final Chain chain;
    private final IntColumn step = IntColumn.create("step");
    private final DoubleColumn time = DoubleColumn.create("time_s");
    private final DoubleColumn e2e = DoubleColumn.create("e2e_p90_us");
    private final IntColumn met = IntColumn.create("e2e_met");
    private final DoubleColumn cpu = DoubleColumn.create("cpu_cores");
    private final StringColumn critical = StringColumn.create("critical");
    private final Map<String, IntColumn> cpuM = new LinkedHashMap<>(), replicas = new LinkedHashMap<>();
    private final Map<String, DoubleColumn> p90 = new LinkedHashMap<>(), contribution = new LinkedHashMap<>();

    Log(Chain chain) {
      this.chain = chain;
      for (String h : chain.hops()) {
        cpuM.put(h, IntColumn.create(h + "_cpu_m"));
        replicas.put(h, IntColumn.create(h + "_replicas"));
        p90.put(h, DoubleColumn.create(h + "_p90_us"));
        contribution.put(h, DoubleColumn.create(h + "_contribution_us"));
      }
    }

    void add(int s, double t, StepResult r, CriticalPath path, double slo) {
      step.append(s);
      time.append(t);
      FunctionMetrics entry = r.function(chain.entry());
      e2e.append(entry.p90Micros());
      met.append(met(entry, slo) ? 1 : 0);
      double cores = 0;
      for (String h : chain.hops()) {
        FunctionMetrics m = r.function(h);
        cores += m.cpuLimitCores();
        cpuM.get(h).append(m.config().cpuMillicores());
        replicas.get(h).append(m.config().replicas());
        p90.get(h).append(m.p90Micros());
        contribution.get(h).append(path.hop(h).contributionMicros());
      }
      cpu.append(cores);
      critical.append(path.critical());
    }

    Table table(String agent) {
      Table t = Table.create(agent, step, time, e2e, met, cpu, critical);
      for (String h : chain.hops()) {
        t.addColumns(cpuM.get(h), replicas.get(h), p90.get(h), contribution.get(h));
      }
      return t;
    }
  }
}
