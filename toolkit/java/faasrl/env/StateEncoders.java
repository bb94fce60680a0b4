package faasrl.env;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.NodeMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.List;
import java.util.Map;

/**
 * The state encoders: the paper's two raw vectors (as its public code built them,
 * unnormalised, node metrics of worker 1 only) and a normalised per-function default.
 *
 * <pre>{@code
 * StateEncoder h = StateEncoders.withHistory();         // 13 per function: 8 + recent RPS, peak, p90 trend, demand/limit now and at the peak
 * StateEncoder e = StateEncoders.normalised();          // 8 features per function
 * StateEncoder v = StateEncoders.paperVertical();       // [cpu_user, mem_free, cpu_limit_m, mem_limit_mi, replicas]
 * }</pre>
 */
public final class StateEncoders {
  /** Features per function of {@link #withHistory()}: the normalised eight, three of history and two of demand. */
  public static final int HISTORY_FEATURES = 13;
  /** Steps {@link #withHistory()} remembers: the recent peak looks this far back (3 min of 10 s steps, longer than a burst cycle). */
  public static final int HISTORY_STEPS = 18;
  /** Features per function of {@link #normalised()}. */
  public static final int NORMALISED_FEATURES = 8;
  /** Latency ratios above this many SLOs all look the same to the agent. */
  static final double LATENCY_RATIO_CAP = 4;

  private StateEncoders() {}

  /**
   * The default: per function, each roughly in [0, 1]: CPU used / CPU limit (capped at 1.5),
   * throttled fraction of CFS periods, p90 / SLO (capped at 4, divided by 4; 1 if nothing
   * completed), completion rate, CPU limit / ceiling, replicas / max, asked RPS / {@code rpsScale},
   * cores used / ceiling.
   */
  public static StateEncoder normalised(double rpsScale) {
    if (!(rpsScale > 0)) {
      throw new IllegalArgumentException("rps scale must be > 0, was " + rpsScale);
    }
    return new Normalised(rpsScale);
  }

  /**
   * The scale-free part of {@link #normalised()}: per function, CPU used / CPU limit (capped at 1.5),
   * throttled fraction, p90 / SLO (capped at 4, divided by 4) and completion rate. Without the
   * absolute limit and rate the agent learns one rule for every rate ("how close to the limit is
   * safe") and can land closer to the cheapest safe limit, but every overloaded state looks the
   * same, so training can fall into "always scale down"; the experiments use {@link #normalised()}.
   */
  public static StateEncoder scaleFree() {
    return new ScaleFree();
  }

  /**
   * The default: {@link #normalised()} plus, per function, a short history of the episode: the mean
   * asked RPS of the last 3 steps and the peak of the last {@value #HISTORY_STEPS} (both divided by
   * {@code rpsScale}), the p90 trend, (p90/SLO now - p90/SLO two steps ago) / 4 in [-1, 1]; and the
   * demand on the limit, now and at that peak: asked RPS x the CPU a request took (cores used /
   * completed RPS, true even in overload) / the configured cores, capped at 3 and divided by 3. With
   * it the agent can tell a burst that is starting from one that is ending, keep a margin after a
   * recent peak, and read how far the limit is from what the load needs whatever the function or
   * the rate. Steps before the episode's first count as the first.
   */
  public static StateEncoder withHistory(double rpsScale) {
    if (!(rpsScale > 0)) {
      throw new IllegalArgumentException("rps scale must be > 0, was " + rpsScale);
    }
    return new WithHistory(new Normalised(rpsScale));
  }

  /** {@link #withHistory(double)} with RPS divided by 1000. */
  public static StateEncoder withHistory() {
    return withHistory(1000);
  }

  /** {@link #normalised(double)} with RPS divided by 1000. */
  public static StateEncoder normalised() {
    return normalised(1000);
  }

  /**
   * The paper's vertical state: {@code [cpu_user, mem_free, cpu_limit_m, mem_limit_mi, replicas]}
   * with node metrics from the first worker; for several functions the last three repeat per function.
   */
  public static StateEncoder paperVertical() {
    return new PaperVertical();
  }

  /**
   * The paper's horizontal state: {@code [cpu_user, mem_free, net_tx_bits, net_rx_bits,
   * total_replicas, rps]}, node metrics from the first worker, RPS summed over functions.
   */
  public static StateEncoder paperHorizontal() {
    return new PaperHorizontal();
  }

  /**
   * By name: {@code history}, {@code normalised}, {@code scale-free}, {@code paper-vertical},
   * {@code paper-horizontal}.
   */
  public static StateEncoder named(String name) {
    return switch (name) {
      case "history" -> withHistory();
      case "normalised" -> normalised();
      case "scale-free" -> scaleFree();
      case "paper-vertical" -> paperVertical();
      case "paper-horizontal" -> paperHorizontal();
      default -> throw new IllegalArgumentException("state encoder must be history, normalised, scale-free, "
          + "paper-vertical or paper-horizontal, was '" + name + "'");
    };
  }

  static NodeMetrics firstWorker(StepResult r) {
    return r.nodes().isEmpty() ? r.node() : r.nodes().get(0);
  }

  private record Normalised(double rpsScale) implements StateEncoder {
    @Override public int size(List<String> functions) {
      return NORMALISED_FEATURES * functions.size();
    }

    @Override public double[] encode(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec) {
      double[] s = new double[size(spec.functions())];
      double ceilingCores = spec.bounds().cpuCeiling() / 1000.0;
      int i = 0;
      for (String f : spec.functions()) {
        FunctionMetrics m = r.function(f);
        ScalingConfig c = configs.get(f);
        double p90 = m.p90Micros();
        double latency = Double.isFinite(p90) ? Math.min(p90 / spec.slo(f), LATENCY_RATIO_CAP) : LATENCY_RATIO_CAP;
        s[i++] = Math.min(m.cpuUtilisation(), 1.5);
        s[i++] = m.throttledFraction();
        s[i++] = latency / LATENCY_RATIO_CAP;
        s[i++] = m.completionRate();
        s[i++] = c.cpuMillicores() / (double) spec.bounds().cpuCeiling();
        s[i++] = c.replicas() / (double) spec.bounds().maxReplicas();
        s[i++] = m.askedRps() / rpsScale;
        s[i++] = m.cpuUsedCores() / ceilingCores;
      }
      return s;
    }

    @Override public String name() {
      return "normalised";
    }
  }

  private record WithHistory(Normalised now) implements StateEncoder {
    @Override public int size(List<String> functions) {
      return HISTORY_FEATURES * functions.size();
    }

    @Override public int historySteps() {
      return HISTORY_STEPS;
    }

    @Override public double[] encode(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec) {
      return encode(List.of(r), configs, spec);
    }

    @Override public double[] encode(List<StepResult> remembered, Map<String, ScalingConfig> configs, EnvSpec spec) {
      List<StepResult> recent = Observation.tail(remembered, HISTORY_STEPS);
      StepResult last = recent.get(recent.size() - 1);
      double[] base = now.encode(last, configs, spec);
      double[] s = new double[size(spec.functions())];
      int n = recent.size();
      for (int f = 0; f < spec.functions().size(); f++) {
        String fn = spec.functions().get(f);
        System.arraycopy(base, f * NORMALISED_FEATURES, s, f * HISTORY_FEATURES, NORMALISED_FEATURES);
        double[] meanAndPeak = recentRps(recent, fn);
        double mean = meanAndPeak[0], peak = meanAndPeak[1];
        StepResult before = recent.get(Math.max(0, n - 3));
        double trend = (latencyRatio(last, fn, spec) - latencyRatio(before, fn, spec)) / LATENCY_RATIO_CAP;
        int i = f * HISTORY_FEATURES + NORMALISED_FEATURES;
        s[i] = mean / now.rpsScale();
        s[i + 1] = peak / now.rpsScale();
        s[i + 2] = trend;
        double cost = coresPerRequest(last.function(fn));
        double limit = configs.get(fn).cpuMillicores() / 1000.0 * Math.max(1, configs.get(fn).replicas());
        s[i + 3] = demandRatio(last.function(fn).askedRps(), cost, limit);
        s[i + 4] = demandRatio(peak, cost, limit);
      }
      return s;
    }

    @Override public String name() {
      return "history";
    }
  }

  /**
   * A function's asked RPS over {@code recent} steps: {mean of the last 3, peak of all}; the windows of
   * the state's recent rate and peak, and of the rules that read them.
   *
   * <!-- given: List<StepResult> steps -->
   * <pre>{@code
   * double[] meanAndPeak = StateEncoders.recentRps(steps, "adservice");
   * }</pre>
   */
  public static double[] recentRps(List<StepResult> recent, String function) {
    int n = recent.size();
    int meanOver = Math.min(3, n);
    double mean = 0, peak = 0;
    for (int i = 0; i < n; i++) {
      double rps = recent.get(i).function(function).askedRps();
      peak = Math.max(peak, rps);
      if (i >= n - meanOver) {
        mean += rps / meanOver;
      }
    }
    return new double[] {mean, peak};
  }

  /** Demand / limit above this all look the same to the agent. */
  static final double DEMAND_RATIO_CAP = 3;

  /** CPU a request took (cores x s per request), NaN if none completed: in overload it is still the true cost. */
  static double coresPerRequest(FunctionMetrics m) {
    return m.completedRps() > 0 ? m.cpuUsedCores() / m.completedRps() : Double.NaN;
  }

  /** (rps x cost) / limit, capped and divided by the cap; the cap when nothing completed under load. */
  static double demandRatio(double rps, double coresPerRequest, double limitCores) {
    if (rps <= 0) {
      return 0;
    }
    double r = Double.isFinite(coresPerRequest) && limitCores > 0 ? rps * coresPerRequest / limitCores : DEMAND_RATIO_CAP;
    return Math.min(r, DEMAND_RATIO_CAP) / DEMAND_RATIO_CAP;
  }

  private static double latencyRatio(StepResult r, String f, EnvSpec spec) {
    double p90 = r.function(f).p90Micros();
    return Double.isFinite(p90) ? Math.min(p90 / spec.slo(f), LATENCY_RATIO_CAP) : LATENCY_RATIO_CAP;
  }

  private record ScaleFree() implements StateEncoder {
    static final int FEATURES = 4;

    @Override public int size(List<String> functions) {
      return FEATURES * functions.size();
    }

    @Override public double[] encode(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec) {
      double[] all = new Normalised(1).encode(r, configs, spec);
      double[] s = new double[size(spec.functions())];
      for (int f = 0; f < spec.functions().size(); f++) {
        System.arraycopy(all, f * NORMALISED_FEATURES, s, f * FEATURES, FEATURES);
      }
      return s;
    }

    @Override public String name() {
      return "scale-free";
    }
  }

  private record PaperVertical() implements StateEncoder {
    @Override public int size(List<String> functions) {
      return 2 + 3 * functions.size();
    }

    @Override public double[] encode(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec) {
      NodeMetrics n = firstWorker(r);
      double[] s = new double[size(spec.functions())];
      s[0] = n.cpuUser();
      s[1] = n.memFree();
      int i = 2;
      for (String f : spec.functions()) {
        ScalingConfig c = configs.get(f);
        s[i++] = c.cpuMillicores();
        s[i++] = c.memoryMiB();
        s[i++] = c.replicas();
      }
      return s;
    }

    @Override public String name() {
      return "paper-vertical";
    }
  }

  private record PaperHorizontal() implements StateEncoder {
    @Override public int size(List<String> functions) {
      return 6;
    }

    @Override public double[] encode(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec) {
      NodeMetrics n = firstWorker(r);
      double replicas = 0, rps = 0;
      for (String f : spec.functions()) {
        replicas += configs.get(f).replicas();
        rps += r.function(f).askedRps();
      }
      return new double[] {n.cpuUser(), n.memFree(), n.netTxBitsPerSecond(), n.netRxBitsPerSecond(), replicas, rps};
    }

    @Override public String name() {
      return "paper-horizontal";
    }
  }
}
