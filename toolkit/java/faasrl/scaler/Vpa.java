package faasrl.scaler;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Action;
import faasrl.env.Agent;
import faasrl.env.Observation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A VPA-style CPU recommender, after the Kubernetes VPA recommender: a histogram of per-replica CPU usage with
 * exponentially growing buckets (first 0.01 cores, +5% each) whose samples decay with a half-life
 * (24 h), target = p90 x (1 + 15% margin), lower bound p50, upper bound p95 (same margin), at least
 * 25 millicores, in the recommender's integer millicores ({@link VpaRecommender}). Like the VPA
 * updater it changes a replica's CPU only when the current limit falls outside [lower, upper].
 * Replicas stay as configured. Unlike the real recommender, the bounds carry no confidence multiplier
 * ({@link VpaRecommender#withConfidence}): with minutes of history it would widen the upper bound
 * hundredfold and the updater would leave an over-provisioned function alone for hours.
 *
 * <p>One usage sample per step (the real recommender samples every minute). Usage is capped by the
 * limit, so a throttled function grows by at most the margin per change, as the real VPA does.
 *
 * <pre>{@code
 * Vpa vpa = Vpa.builder().build();
 * Vpa fast = Vpa.builder().halfLifeSeconds(600).margin(0.3).build();
 * }</pre>
 */
public final class Vpa implements Agent {
  static final double FIRST_BUCKET = 0.01, GROWTH = 1.05;
  static final int BUCKETS = 300; // up to about 4,500 cores

  private final double targetPercentile, lowerPercentile, upperPercentile, margin, halfLife;
  private final int minMillicores;
  private final String name;
  private HashMap<String, double[]> histograms = new HashMap<>();

  private Vpa(Builder b) {
    targetPercentile = b.target;
    lowerPercentile = b.lower;
    upperPercentile = b.upper;
    margin = b.margin;
    halfLife = b.halfLife;
    minMillicores = b.minMillicores;
    name = b.name;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override public String name() {
    return name;
  }

  @Override public Action act(Observation obs, boolean explore) {
    Map<String, ScalingConfig> next = new LinkedHashMap<>();
    for (String f : obs.spec().functions()) {
      ScalingConfig c = obs.config(f);
      FunctionMetrics m = obs.last().function(f);
      double[] h = histograms.computeIfAbsent(f, k -> new double[BUCKETS + 1]);
      int replicas = Math.max(1, m.readyReplicas() > 0 ? m.readyReplicas() : c.replicas());
      addSample(h, m.cpuUsedCores() / replicas, obs.stepSeconds());
      int lower = millicores(percentile(h, lowerPercentile));
      int upper = millicores(percentile(h, upperPercentile));
      int cpu = c.cpuMillicores();
      next.put(f, cpu < lower || cpu > upper ? c.cpuMillicores(millicores(percentile(h, targetPercentile))) : c);
    }
    return Action.configs(next);
  }

  /** The current target recommendation for {@code function}, millicores; 0 before any sample. */
  public int recommendation(String function) {
    double[] h = histograms.get(function);
    return h == null ? 0 : millicores(percentile(h, targetPercentile));
  }

  /**
   * Later samples weigh more, 2^((t - t0) / halfLife): the same as decaying the older ones. The
   * reference time t0 sits in the last slot and moves forward before the weights overflow.
   */
  private void addSample(double[] h, double cores, double t) {
    double w = Math.pow(2, (t - h[BUCKETS]) / halfLife);
    if (w > 1e100) {
      for (int i = 0; i < BUCKETS; i++) {
        h[i] /= w;
      }
      h[BUCKETS] = t;
      w = 1;
    }
    h[bucket(cores)] += w;
  }

  /** The recommender's estimate: the percentile in millicores plus the margin, at least the minimum. */
  private int millicores(double cores) {
    long m = VpaRecommender.atLeast(minMillicores, VpaRecommender.withMargin(margin, VpaRecommender.fromCores(cores)));
    return (int) Math.min(ScalingConfig.MAX_CPU_MILLICORES, m);
  }

  static int bucket(double cores) {
    if (!(cores > 0)) {
      return 0;
    }
    // bucket i starts at FIRST_BUCKET * (GROWTH^i - 1) / (GROWTH - 1)
    int i = (int) Math.floor(Math.log(cores * (GROWTH - 1) / FIRST_BUCKET + 1) / Math.log(GROWTH));
    return Math.min(BUCKETS - 1, Math.max(0, i));
  }

  static double bucketEnd(int i) {
    return FIRST_BUCKET * (Math.pow(GROWTH, i + 1) - 1) / (GROWTH - 1);
  }

  /** The end of the bucket holding percentile {@code p} of the weight, as VPA reports it ({@code h} as kept here). */
  static double percentile(double[] h, double p) {
    double total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += h[i];
    }
    if (total == 0) {
      return 0;
    }
    double acc = 0;
    for (int i = 0; i < BUCKETS; i++) {
      acc += h[i];
      if (acc >= p * total) {
        return bucketEnd(i);
      }
    }
    return bucketEnd(BUCKETS - 1);
  }

  @Override public void save(Path dir) throws IOException {
    Snapshots.write(dir, histograms);
  }

  @Override public void load(Path dir) throws IOException {
    histograms = Snapshots.read(dir);
  }

  @Override public String toString() {
    return name + "(p" + Math.round(targetPercentile * 100) + " +" + Math.round(margin * 100) + "%)";
  }

  /** Builds a {@link Vpa}; defaults are the VPA recommender's. */
  public static final class Builder {
    private double target = 0.9, lower = 0.5, upper = 0.95, margin = 0.15, halfLife = 24 * 3600;
    private int minMillicores = 25;
    private String name = "vpa";

    /** Percentile of usage the target is set to (default 0.9). */
    public Builder targetPercentile(double v) {
      target = fraction("target percentile", v);
      return this;
    }

    /** Percentiles of the lower and upper bounds (defaults 0.5, 0.95). */
    public Builder bounds(double lowerPercentile, double upperPercentile) {
      if (!(lowerPercentile <= upperPercentile)) {
        throw new IllegalArgumentException("VPA lower bound percentile must not exceed the upper, were "
            + lowerPercentile + " and " + upperPercentile);
      }
      lower = fraction("lower percentile", lowerPercentile);
      upper = fraction("upper percentile", upperPercentile);
      return this;
    }

    /** Safety margin added to every recommendation (default 0.15). */
    public Builder margin(double v) {
      if (!(v >= 0 && v <= 10)) {
        throw new IllegalArgumentException("VPA margin must be in [0, 10], was " + v);
      }
      margin = v;
      return this;
    }

    public Builder halfLifeSeconds(double v) {
      halfLife = Scalers.positive("half-life", v);
      return this;
    }

    public Builder minMillicores(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("VPA minimum must be >= 1 millicore, was " + v);
      }
      minMillicores = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Vpa build() {
      if (target < lower || target > upper) {
        throw new IllegalArgumentException("VPA target percentile " + target + " must lie within the bounds "
            + lower + ".." + upper);
      }
      return new Vpa(this);
    }

    private static double fraction(String what, double v) {
      if (!(v > 0 && v <= 1)) {
        throw new IllegalArgumentException("VPA " + what + " must be in (0, 1], was " + v);
      }
      return v;
    }
  }
}
