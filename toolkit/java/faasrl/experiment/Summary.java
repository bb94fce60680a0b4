package faasrl.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * What a run achieved, computed from its step log. Per step, latency is the worst p90 over the
 * scaled functions; steps where nothing completed count as violations and are left out of the
 * latency figures.
 *
 * @param steps            steps in the log
 * @param sloViolationRate fraction of steps in which some function missed its SLO
 * @param p90MeanMs        mean over steps of the p90 latency, ms
 * @param p90P99Ms         99th percentile over steps of the p90 latency, ms
 * @param cpuCoresMean     mean CPU allocated (time-averaged limits of all pods, roll-outs included,
 *                         summed over functions), cores
 * @param cpuCoreSeconds   CPU allocated over the run, core-seconds
 * @param replicaSeconds   replicas over the run, replica-seconds
 * @param convergedStep    steps until converged (see {@link #convergedStep(Table, int)}), -1 if never
 * @param rewardMean       mean reward per step
 * @param wallSeconds      wall time of the run (training time for a training run)
 */
public record Summary(int steps, double sloViolationRate, double p90MeanMs, double p90P99Ms, double cpuCoresMean,
    double cpuCoreSeconds, double replicaSeconds, int convergedStep, double rewardMean, double wallSeconds) {

  /** Steps in the window that defines convergence. */
  public static final int CONVERGENCE_WINDOW = 5;

  /** Summarises a step log whose steps last {@code stepSeconds}. */
  public static Summary of(Table log, double stepSeconds, double wallSeconds) {
    List<StepRow> rows = StepRow.of(log);
    int n = rows.size();
    if (n == 0) {
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, -1, Double.NaN, wallSeconds);
    }
    int violations = 0;
    double cores = 0, replicas = 0, reward = 0;
    List<Double> p90 = new ArrayList<>();
    for (StepRow r : rows) {
      violations += r.sloMet ? 0 : 1;
      cores += r.cores;
      replicas += r.replicas;
      reward += r.reward;
      if (Double.isFinite(r.p90Us)) {
        p90.add(r.p90Us / 1000);
      }
    }
    double[] sorted = p90.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
    double p99 = sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1,
        Math.ceil(0.99 * sorted.length) - 1)];
    return new Summary(n, (double) violations / n, mean, p99, cores / n, cores * stepSeconds,
        replicas * stepSeconds, convergedStep(rows, CONVERGENCE_WINDOW), reward / n, wallSeconds);
  }

  /**
   * Steps until converged: the first step {@code t} such that steps {@code t .. t+window-1} all meet
   * the SLO and the configuration does not change within them; -1 if that never happens.
   */
  public static int convergedStep(Table log, int window) {
    return convergedStep(StepRow.of(log), window);
  }

  private static int convergedStep(List<StepRow> rows, int window) {
    for (int t = 0; t + window <= rows.size(); t++) {
      boolean ok = true;
      for (int i = t; i < t + window && ok; i++) {
        ok = rows.get(i).sloMet && rows.get(i).config.equals(rows.get(t).config);
      }
      if (ok) {
        return t;
      }
    }
    return -1;
  }

  /** Fraction of steps that met the SLO. */
  public double sloMetRate() {
    return 1 - sloViolationRate;
  }

  @Override public String toString() {
    return String.format(Locale.ROOT, "%d steps, SLO violations %.1f%%, p90 mean %.2f ms (p99 %.2f ms), "
        + "CPU %.3f cores (%.0f core-s), %.0f replica-s, converged at %s, reward %.3f, %.1f s", steps,
        100 * sloViolationRate, p90MeanMs, p90P99Ms, cpuCoresMean, cpuCoreSeconds, replicaSeconds,
        convergedStep < 0 ? "never" : "step " + convergedStep, rewardMean, wallSeconds);
  }

  /** One step folded over its functions' rows. */
  private record StepRow(boolean sloMet, double p90Us, double cores, double replicas, double reward, String config) {
    static List<StepRow> of(Table log) {
      Map<Integer, StepRow> m = new LinkedHashMap<>();
      for (int i = 0; i < log.rowCount(); i++) {
        int step = log.intColumn("step").getInt(i);
        int cpu = log.intColumn("cpu_m").getInt(i);
        int rep = log.intColumn("replicas").getInt(i);
        double p = log.doubleColumn("p90_us").getDouble(i);
        StepRow r = new StepRow(log.booleanColumn("slo_met").get(i), p, log.doubleColumn("cpu_limit_cores").getDouble(i), rep,
            log.doubleColumn("reward").getDouble(i), log.stringColumn("function").get(i) + "=" + cpu + "x" + rep);
        m.merge(step, r, (a, b) -> new StepRow(a.sloMet && b.sloMet, worst(a.p90Us, b.p90Us), a.cores + b.cores,
            a.replicas + b.replicas, a.reward, a.config + " " + b.config));
      }
      return new ArrayList<>(m.values());
    }

    private static double worst(double a, double b) {
      return Double.isNaN(a) ? a : Double.isNaN(b) ? b : Math.max(a, b);
    }
  }
}
