package faasrl.calibrate;

import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.function.Catalog;
import faasrl.function.Distribution;
import faasrl.function.FunctionSpec;
import faasrl.local.LocalCluster;
import faasrl.sim.SimulatedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Measures a function on the {@code local} backend at a few loads and fits its simulator profile:
 * CPU per request from the replica's cgroup (cpuacct), the fixed overhead from the median latencies
 * over the loads, the cold start from the replica's real start-up. Then runs the simulator
 * with the fitted profile at the same loads, so that every point shows the model's p90 error.
 *
 * <p>Fit, per function: {@code cpu = lognormal(mean = slope of the replica's CPU use against
 * completed RPS, cv as in the catalog)}; {@code overhead = mean over loads of p50 - median(cpu) -
 * sum over callees of their catalog service time} (a chained function's latency includes its
 * callees'); {@code io = 0}; {@code parallelism = 0} (unlimited: a replica is a multi-threaded JVM,
 * whatever runtime the original function has).
 *
 * <pre>{@code
 * try (LocalCluster local = Clusters.local().start()) {
 *   Calibration c = Calibrator.on(local).loads(50, 150, 300).seconds(5).calibrate(Catalog.onlineShop(), "adservice");
 *   System.out.println(c.fitted().cpu().mean());
 * }
 * }</pre>
 */
public final class Calibrator {
  private final LocalCluster cluster;
  private double[] loads = {50, 150, 300};
  private double seconds = 5;
  private int cpuMillicores = 1000;

  private Calibrator(LocalCluster cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /** A calibrator that deploys on {@code cluster}. */
  public static Calibrator on(LocalCluster cluster) {
    return new Calibrator(cluster);
  }

  /** Constant rates to measure at, RPS, ascending (default 50, 150, 300). */
  public Calibrator loads(double... rps) {
    if (rps.length == 0) {
      throw new IllegalArgumentException("calibration needs at least one load");
    }
    for (int i = 0; i < rps.length; i++) {
      if (!(rps[i] > 0) || (i > 0 && rps[i] <= rps[i - 1])) {
        throw new IllegalArgumentException("loads must be > 0 and ascending, were " + Arrays.toString(rps));
      }
    }
    loads = rps.clone();
    return this;
  }

  /** Seconds per load (default 5). */
  public Calibrator seconds(double s) {
    if (!(s >= 1) || s > 3600) {
      throw new IllegalArgumentException("calibration seconds must be 1..3600, was " + s);
    }
    seconds = s;
    return this;
  }

  /** CPU limit of the measured replica (default 1000m). */
  public Calibrator cpuMillicores(int m) {
    ScalingConfig.defaults().cpuMillicores(m); // validates
    cpuMillicores = m;
    return this;
  }

  /**
   * One measured load: {@code cpuPerRequestMicros} is CPU used / completed (idle CPU included),
   * {@code simP90Micros} the simulator's p90 with the fitted profile at the same load.
   */
  public record Point(double rps, FunctionMetrics metrics, double cpuPerRequestMicros, double simP90Micros) {
    /** |sim p90 - local p90| / local p90. */
    public double p90Error() {
      return Math.abs(simP90Micros - metrics.p90Micros()) / metrics.p90Micros();
    }

    @Override public String toString() {
      return String.format(Locale.ROOT, "rps=%.0f p50_us=%.0f p90_us=%.0f p99_us=%.0f cpu_per_request_us=%.0f "
              + "cpu_used_cores=%.3f throttled=%.3f completed=%d failed=%d sim_p90_us=%.0f p90_error=%.2f", rps,
          metrics.p50Micros(), metrics.p90Micros(), metrics.p99Micros(), cpuPerRequestMicros,
          metrics.cpuUsedCores(), metrics.throttledFraction(), metrics.completed(), metrics.failed(), simP90Micros,
          p90Error());
    }
  }

  /** The measurements and the profile fitted to them. */
  public record Calibration(FunctionSpec catalogSpec, FunctionSpec fitted, List<Point> points) {
    /** Mean relative p90 error of the simulator with the fitted profile over the loads. */
    public double meanP90Error() {
      return points.stream().mapToDouble(Point::p90Error).average().orElse(Double.NaN);
    }

    /** The fitted profile as a YAML entry for a profile file. */
    public String toYaml() {
      Distribution.LogNormal cpu = (Distribution.LogNormal) fitted.cpu();
      return String.format(Locale.ROOT, "name: %s%ndescription: \"%s\"%n"
              + "cpu: {type: lognormal, mean_us: %.0f, cv: %.2f}%n"
              + "overhead_us: %.0f%ncold_start_ms: %d%nmemory_mib: %d%nparallelism: %d%ncalls: [%s]%nsource: \"%s\"%n",
          fitted.name(), fitted.description().replace("\"", "'"), cpu.meanMicros(), cpu.cv(),
          fitted.overheadMicros(), fitted.coldStart().toMillis(), fitted.memoryMiB(), fitted.parallelism(),
          String.join(", ", fitted.calls()), fitted.source());
    }
  }

  /**
   * Deploys {@code function} (and, first, the functions it calls) with one replica each, warms it
   * up, measures it at each load and fits its profile. Leaves the function deployed.
   */
  public Calibration calibrate(Catalog catalog, String function) {
    FunctionSpec spec = catalog.get(function);
    deployWithCallees(cluster, catalog, function);
    Duration coldStart = cluster.replicaColdStarts(function).get(0);
    cluster.run(Load.of(function, LoadPattern.constant(loads[loads.length - 1])).seconds(Math.min(3, seconds)));
    List<Point> measured = new ArrayList<>();
    for (double rps : loads) {
      FunctionMetrics m = cluster.run(Load.of(function, LoadPattern.poisson(rps)).seconds(seconds)
          .deadline(Duration.ofSeconds(5))).only();
      double cpuPerRequest = m.completed() == 0 ? Double.NaN : m.cpuUsedCores() * seconds * 1e6 / m.completed();
      measured.add(new Point(rps, m, cpuPerRequest, Double.NaN));
    }
    FunctionSpec fitted = fit(catalog, spec, measured, coldStart);
    List<Point> points = measured.stream().map(p -> new Point(p.rps(), p.metrics(), p.cpuPerRequestMicros(),
        simulatedP90(catalog, fitted, p.rps()))).toList();
    return new Calibration(spec, fitted, points);
  }

  /**
   * The simulator's p90 for {@code fitted} at {@code rps} on one node with this machine's cores,
   * callees from the catalog, over 30 simulated seconds (more than measured: the model is cheap).
   * The simulator places pods by their limits and this machine does not, so a chained function's
   * node gets cores enough to place every pod.
   */
  private double simulatedP90(Catalog catalog, FunctionSpec fitted, double rps) {
    Catalog needed = catalog.with(fitted).closure(List.of(fitted.name()));
    double cores = Math.max(Runtime.getRuntime().availableProcessors(), needed.specs().size() * cpuMillicores / 1000.0);
    try (SimulatedCluster sim = SimulatedCluster.builder().workers(1).coresPerWorker(cores).seed(1).start()) {
      deployWithCallees(sim, needed, fitted.name());
      sim.awaitReady();
      return sim.run(Load.of(fitted.name(), LoadPattern.poisson(rps)).seconds(30).deadline(Duration.ofSeconds(5)))
          .function(fitted.name()).p90Micros();
    }
  }

  /** Deploys {@code function} and, first, what it calls (transitively) that {@code c} does not run yet. */
  private void deployWithCallees(Cluster c, Catalog catalog, String function) {
    ScalingConfig config = ScalingConfig.defaults().cpuMillicores(cpuMillicores);
    for (FunctionSpec s : catalog.closure(List.of(function)).specs()) {
      if (s.name().equals(function) || !c.functions().contains(s.name())) {
        c.deploy(s, config);
      }
    }
  }

  /**
   * CPU per request: the slope of the replica's CPU use against completed requests per second over
   * the loads (least squares), so that the JVM's idle CPU (its intercept) is not charged to
   * requests; with one load, or a slope that noise made non-positive, the ratio at the highest load.
   */
  static double cpuPerRequestMicros(List<Point> points) {
    List<FunctionMetrics> ms = points.stream().map(Point::metrics).filter(m -> m.completed() > 0).toList();
    if (ms.isEmpty()) {
      return Double.NaN;
    }
    var line = new org.apache.commons.math3.stat.regression.SimpleRegression();
    ms.forEach(m -> line.addData(m.completedRps(), m.cpuUsedCores()));
    double slope = line.getSlope(); // NaN with one load, or loads all at one rate
    FunctionMetrics last = ms.get(ms.size() - 1);
    return (slope > 0 ? slope : last.cpuUsedCores() / last.completedRps()) * 1e6;
  }

  static FunctionSpec fit(Catalog catalog, FunctionSpec spec, List<Point> points, Duration coldStart) {
    double cpuMean = cpuPerRequestMicros(points);
    if (!(cpuMean > 0)) {
      throw new IllegalStateException(spec.name() + " completed no request during calibration");
    }
    double cv = spec.cpu() instanceof Distribution.LogNormal l ? l.cv() : 0.6;
    double cpuMedian = cpuMean / Math.sqrt(1 + cv * cv);
    double callees = spec.calls().stream().mapToDouble(c -> catalog.get(c).meanServiceMicros()).sum();
    // the mean of the medians: at light load a replica's idle threads wake slowly, at heavier load
    // it queues; neither is the fixed overhead alone
    double p50 = points.stream().mapToDouble(p -> p.metrics().p50Micros()).filter(Double::isFinite).average()
        .orElseThrow();
    double overhead = Math.max(0, p50 - cpuMedian - callees);
    return spec.toBuilder().cpu(Distribution.lognormal(cpuMean, cv)).io(Distribution.zero())
        .overheadMicros(overhead).coldStart(coldStart).parallelism(0) // replicas are multi-threaded JVMs
        .source(String.format(Locale.ROOT, "calibrated on the local backend at %s RPS",
            points.stream().map(p -> String.format(Locale.ROOT, "%.0f", p.rps())).toList()))
        .build();
  }
}
