package faasrl.replay;

import faasrl.cluster.ScalingConfig;
import faasrl.scaler.DeciderSpec;
import faasrl.scaler.KpaDecider;
import faasrl.sim.SimulatedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Knative's Pod Autoscaler running beside a simulated cluster on Knative's own clock, inside the
 * steps. Each second gets one concurrency bucket, as the queue-proxies and the activator report
 * it: the mean of ten samples (every 100 ms) of the requests in the pods and in the activator, or,
 * when larger, the latency of the calls answered in that second over the second (Little's law; it
 * catches calls too short for a sample). Every 2 s each function's {@link KpaDecider}
 * (knative/serving's {@code Scale()}) decides from the 60 s stable and 6 s panic window averages.
 * Scale to zero follows the KPA reconciler ({@code handleScaleToZero}): when the decider asks for
 * zero pods, a function that has been active for less than the stable window keeps one pod until
 * it has; then it turns inactive and keeps the pod for the scale-to-zero grace period (30 s). An
 * idle function so goes about 90 s after its last call. A
 * request that reaches a function at zero pods pokes the autoscaler, which decides at once (as the
 * activator's stat does in Knative); the activator holds the request until a pod is ready.
 * Defaults are knative/serving's: target 100 concurrent requests x 0.7, panic threshold 200%,
 * min scale 0, no max scale.
 *
 * <!-- given: SimulatedCluster simulatedCluster -->
 * <pre>{@code
 * TickingKpa kpa = TickingKpa.builder().build();
 * kpa.attach(simulatedCluster, List.of("f-9a3e01c2bd"));   // decides every 2 s from now on
 * }</pre>
 */
public final class TickingKpa {
  /** Knative's decision tick. */
  public static final Duration TICK = Duration.ofSeconds(2);
  /** How often concurrency is sampled; ten samples make one per-second bucket. */
  static final Duration SAMPLE = Duration.ofMillis(100);
  private static final int SAMPLES_PER_BUCKET = 10;

  private final DeciderSpec spec;
  private final double panicWindowSeconds, graceSeconds;
  private final int minScale, maxScale;

  private TickingKpa(Builder b) {
    spec = DeciderSpec.builder().targetValue(b.target * b.utilisation).totalValue(b.target)
        .stableWindowSeconds(b.stableWindow).build();
    panicWindowSeconds = b.stableWindow * b.panicPercentage / 100;
    graceSeconds = b.grace;
    minScale = b.minScale;
    maxScale = b.maxScale;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int minScale() {
    return minScale;
  }

  /** Most pods; 0: no limit but the toolkit's. */
  public int maxScale() {
    return maxScale;
  }

  /** The decider's settings: target, total and stable window. */
  DeciderSpec spec() {
    return spec;
  }

  double panicWindowSeconds() {
    return panicWindowSeconds;
  }

  /** Starts autoscaling {@code functions} (deployed on {@code cluster}) from the cluster's clock on. */
  public void attach(SimulatedCluster cluster, List<String> functions) {
    List<Scaled> all = new ArrayList<>();
    double now = seconds(cluster);
    int stableBuckets = (int) Math.max(1, Math.round(spec.stableWindowSeconds()));
    int panicBuckets = (int) Math.max(1, Math.round(panicWindowSeconds));
    for (String f : functions) {
      Scaled s = new Scaled(f, new KpaDecider(spec, cluster.readyReplicas(f), now), stableBuckets, panicBuckets);
      s.activeSince = now;
      s.answeredAtBucketStart = cluster.answeredSeconds(f);
      all.add(s);
    }
    cluster.every(SAMPLE, () -> {
      for (Scaled s : all) {
        int c = cluster.concurrency(s.function);
        s.sample(c, cluster.answeredSeconds(s.function));
        if (c > 0 && cluster.config(s.function).replicas() == 0) {
          decide(cluster, s); // the activator's poke: scale from zero at once
        }
      }
    });
    cluster.every(TICK, () -> all.forEach(s -> decide(cluster, s)));
  }

  private void decide(SimulatedCluster cluster, Scaled s) {
    double now = seconds(cluster);
    int ready = cluster.readyReplicas(s.function);
    int desired = s.decider.scale(ready, s.average(s.stableBuckets), s.average(s.panicBuckets), now)
        .desiredPodCount();
    ScalingConfig c = cluster.config(s.function);
    int r = bounded(s, desired, now, c.replicas());
    if (r != c.replicas()) {
      cluster.scale(s.function, c.replicas(r));
    }
  }

  /**
   * Min and max scale, then the reconciler's rule for zero: only once the function has been active
   * for the stable window, and inactive (the activator in the path) for the grace period.
   */
  private int bounded(Scaled s, int desired, double now, int current) {
    int r = Math.max(minScale, maxScale > 0 ? Math.min(desired, maxScale) : desired);
    if (r > 0) {
      s.inactiveSince = Double.NaN;
      if (current == 0) {
        s.activeSince = now;
      }
    } else if (current > 0) {
      if (Double.isNaN(s.inactiveSince)) {
        if (now - s.activeSince >= spec.stableWindowSeconds()) {
          s.inactiveSince = now;
        }
        r = 1;
      } else if (now - s.inactiveSince < graceSeconds) {
        r = 1;
      }
    }
    return Math.min(ScalingConfig.MAX_REPLICAS, r);
  }

  private static double seconds(SimulatedCluster c) {
    return c.clock().toNanos() / 1e9;
  }

  /** One function's decider and its per-second concurrency buckets. */
  private static final class Scaled {
    final String function;
    final KpaDecider decider;
    final int stableBuckets, panicBuckets;
    final double[] buckets; // completed seconds, a ring
    int filled, next;
    double partial;
    int partialSamples;
    /** When the function last scaled up from zero (or the autoscaler started), and turned inactive. */
    double activeSince, inactiveSince = Double.NaN;
    double answeredAtBucketStart;

    Scaled(String function, KpaDecider decider, int stableBuckets, int panicBuckets) {
      this.function = function;
      this.decider = decider;
      this.stableBuckets = stableBuckets;
      this.panicBuckets = panicBuckets;
      buckets = new double[Math.max(stableBuckets, panicBuckets)];
    }

    /** One sample of the concurrency, and the answered calls' latency so far (seconds). */
    void sample(int concurrency, double answeredSeconds) {
      partial += concurrency;
      if (++partialSamples == SAMPLES_PER_BUCKET) {
        double little = answeredSeconds - answeredAtBucketStart; // over one second: a mean concurrency
        answeredAtBucketStart = answeredSeconds;
        buckets[next] = Math.max(partial / SAMPLES_PER_BUCKET, little);
        next = (next + 1) % buckets.length;
        filled = Math.min(filled + 1, buckets.length);
        partial = 0;
        partialSamples = 0;
      }
    }

    /** Mean concurrency over the last {@code n} seconds: the current second so far and n - 1 whole ones. */
    double average(int n) {
      double sum = partialSamples > 0 ? partial / partialSamples : 0;
      int count = partialSamples > 0 ? 1 : 0;
      for (int i = 1; i <= filled && count < n; i++, count++) {
        sum += buckets[(next - i + buckets.length) % buckets.length];
      }
      return count == 0 ? 0 : sum / count;
    }
  }

  /** Builds a {@link TickingKpa}; defaults are knative/serving's. */
  public static final class Builder {
    private double target = 100, utilisation = 0.7, stableWindow = 60, panicPercentage = 10, grace = 30;
    private int minScale, maxScale;

    private Builder() {}

    /** Concurrent requests per pod (default 100). */
    public Builder targetConcurrency(double v) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("target concurrency must be > 0, was " + v);
      }
      target = v;
      return this;
    }

    /** Stable window in seconds, 6..3600 as Knative allows (default 60). */
    public Builder stableWindowSeconds(double v) {
      if (!(v >= 6 && v <= 3600)) {
        throw new IllegalArgumentException("stable window must be 6..3600 s, was " + v);
      }
      stableWindow = v;
      return this;
    }

    /** Scale-to-zero grace period in seconds (default 30). */
    public Builder scaleToZeroGraceSeconds(double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("scale-to-zero grace period must be >= 0 s, was " + v);
      }
      grace = v;
      return this;
    }

    /** Fewest pods (default 0: scale to zero). */
    public Builder minScale(int v) {
      if (v < 0 || v > ScalingConfig.MAX_REPLICAS) {
        throw new IllegalArgumentException("min scale must be 0.." + ScalingConfig.MAX_REPLICAS + ", was " + v);
      }
      minScale = v;
      return this;
    }

    /** Most pods (default 0: no limit but the toolkit's). */
    public Builder maxScale(int v) {
      if (v < 0 || v > ScalingConfig.MAX_REPLICAS) {
        throw new IllegalArgumentException("max scale must be 0.." + ScalingConfig.MAX_REPLICAS + ", was " + v);
      }
      maxScale = v;
      return this;
    }

    public TickingKpa build() {
      if (maxScale > 0 && minScale > maxScale) {
        throw new IllegalArgumentException("min scale " + minScale + " exceeds max scale " + maxScale);
      }
      return new TickingKpa(this);
    }
  }
}
