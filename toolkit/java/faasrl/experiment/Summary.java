package faasrl.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * What a run achieved, computed from its step log. Per step, latency is the worst p90 over the
 * scaled functions; steps where nothing completed count as violations and are left out of the
 * latency figures.
 *
 * <pre>{@code
 * Summary s = Summary.of(StepLog.read(Path.of("run/steps.csv")), 10, 0, Summary.ActionStep.DEFAULT);
 * int from = s.convergedStep();        // -1 if the configuration never settled
 * }</pre>
 *
 * @param steps                 steps in the log
 * @param sloViolationRate      fraction of steps in which some function missed its SLO
 * @param p90MeanMs             mean over steps of the p90 latency, ms
 * @param p90P99Ms              99th percentile over steps of the p90 latency, ms
 * @param cpuCoresMean          mean CPU allocated (time-averaged limits of all pods, roll-outs included,
 *                              summed over functions), cores
 * @param cpuCoreSeconds        CPU allocated over the run, core-seconds
 * @param replicaSeconds        replicas over the run, replica-seconds
 * @param convergedStep         sustained convergence (see {@link #convergedStep(Table, ActionStep)}), -1 if never
 * @param rewardMean            mean reward per step
 * @param wallSeconds           wall time of the run (training time for a training run)
 * @param p90AfterConvergenceMs median p90 over the steps from {@code convergedStep} on, ms; NaN if never
 */
public record Summary(int steps, double sloViolationRate, double p90MeanMs, double p90P99Ms, double cpuCoresMean,
    double cpuCoreSeconds, double replicaSeconds, int convergedStep, double rewardMean, double wallSeconds,
    double p90AfterConvergenceMs) {

  /** Fewest steps a settled tail must last to count as convergence (shorter tails prove nothing). */
  public static final int CONVERGENCE_WINDOW = 5;

  /**
   * One action-step of each knob: the largest CPU change one action makes, and one replica. Steps
   * that stay within it of the final configuration count as settled.
   *
   * @param cpuMillicores largest CPU change of one action
   * @param replicas      largest replica change of one action
   */
  public record ActionStep(int cpuMillicores, int replicas) {
    /** 30m and one replica: the paper's steps and this project's coarse step. */
    public static final ActionStep DEFAULT = new ActionStep(30, 1);

    public ActionStep {
      if (cpuMillicores < 0 || replicas < 0) {
        throw new IllegalArgumentException("action step must be >= 0, was " + cpuMillicores + "m, " + replicas);
      }
    }
  }

  /** Summarises a step log whose steps last {@code stepSeconds}, with {@link ActionStep#DEFAULT}. */
  public static Summary of(Table log, double stepSeconds, double wallSeconds) {
    return of(log, stepSeconds, wallSeconds, ActionStep.DEFAULT);
  }

  /** Summarises a step log whose steps last {@code stepSeconds}; convergence allows {@code step}. */
  public static Summary of(Table log, double stepSeconds, double wallSeconds, ActionStep step) {
    List<StepRow> rows = StepRow.of(log);
    int n = rows.size();
    if (n == 0) {
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, -1, Double.NaN, wallSeconds,
          Double.NaN);
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
    int converged = convergedStep(rows, step);
    // the median: the step that rolled the final limit out can take seconds and would dominate a mean
    double after = converged < 0 ? Double.NaN : DoubleColumn.create("p90", rows.subList(converged, n).stream()
        .filter(r -> Double.isFinite(r.p90Us)).mapToDouble(r -> r.p90Us / 1000)).median();
    return new Summary(n, (double) violations / n, mean, p99, cores / n, cores * stepSeconds,
        replicas * stepSeconds, converged, reward / n, wallSeconds, after);
  }

  /**
   * Sustained convergence: the first step {@code t} from which every function's CPU limit stays
   * within {@code step.cpuMillicores()} and its replicas within {@code step.replicas()} of their
   * values at the last step, for the rest of the run; -1 if that settled tail is shorter than
   * {@link #CONVERGENCE_WINDOW} steps (a run that keeps moving to its end never converged).
   */
  public static int convergedStep(Table log, ActionStep step) {
    return convergedStep(StepRow.of(log), step);
  }

  private static int convergedStep(List<StepRow> rows, ActionStep step) {
    if (rows.isEmpty()) {
      return -1;
    }
    StepRow last = rows.get(rows.size() - 1);
    int t = rows.size();
    while (t > 0 && rows.get(t - 1).near(last, step)) {
      t--;
    }
    return rows.size() - t >= CONVERGENCE_WINDOW ? t : -1;
  }

  /** Fraction of steps that met the SLO. */
  public double sloMetRate() {
    return 1 - sloViolationRate;
  }

  @Override public String toString() {
    return String.format(Locale.ROOT, "%d steps, SLO violations %.1f%%, p90 mean %.2f ms (p99 %.2f ms), "
        + "CPU %.3f cores (%.0f core-s), %.0f replica-s, %s, reward %.3f, %.1f s", steps,
        100 * sloViolationRate, p90MeanMs, p90P99Ms, cpuCoresMean, cpuCoreSeconds, replicaSeconds,
        convergedStep < 0 ? "never converged" : "converged at step " + convergedStep
            + String.format(Locale.ROOT, " (median p90 %.2f ms from then on)", p90AfterConvergenceMs), rewardMean, wallSeconds);
  }

  /** One step folded over its functions' rows; {@code config} maps function to {cpu_m, replicas}. */
  private record StepRow(boolean sloMet, double p90Us, double cores, double replicas, double reward,
      Map<String, int[]> config) {
    static List<StepRow> of(Table log) {
      Map<Integer, StepRow> m = new LinkedHashMap<>();
      for (int i = 0; i < log.rowCount(); i++) {
        int step = log.intColumn("step").getInt(i);
        int cpu = log.intColumn("cpu_m").getInt(i);
        int rep = log.intColumn("replicas").getInt(i);
        double p = log.doubleColumn("p90_us").getDouble(i);
        Map<String, int[]> config = new LinkedHashMap<>();
        config.put(log.stringColumn("function").get(i), new int[] {cpu, rep});
        StepRow r = new StepRow(log.booleanColumn("slo_met").get(i), p, log.doubleColumn("cpu_limit_cores").getDouble(i),
            rep, log.doubleColumn("reward").getDouble(i), config);
        m.merge(step, r, (a, b) -> {
          Map<String, int[]> both = new LinkedHashMap<>(a.config);
          both.putAll(b.config);
          return new StepRow(a.sloMet && b.sloMet, worst(a.p90Us, b.p90Us), a.cores + b.cores,
              a.replicas + b.replicas, a.reward, both);
        });
      }
      return new ArrayList<>(m.values());
    }

    /** Whether every function's configuration is within one action-step of {@code other}'s. */
    boolean near(StepRow other, ActionStep step) {
      for (Map.Entry<String, int[]> e : config.entrySet()) {
        int[] o = other.config.get(e.getKey());
        if (o == null || Math.abs(e.getValue()[0] - o[0]) > step.cpuMillicores()
            || Math.abs(e.getValue()[1] - o[1]) > step.replicas()) {
          return false;
        }
      }
      return true;
    }

    private static double worst(double a, double b) {
      return Double.isNaN(a) ? a : Double.isNaN(b) ? b : Math.max(a, b);
    }
  }
}
