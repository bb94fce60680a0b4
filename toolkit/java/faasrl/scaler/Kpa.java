package faasrl.scaler;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Action;
import faasrl.env.Agent;
import faasrl.env.Observation;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Knative Pod Autoscaler: {@link KpaDecider} (Knative's {@code Scale()}) fed from each step's
 * metrics, with min and max scale and scale to zero applied as Knative's reconciler applies them.
 * Defaults are knative/serving's: target 100 concurrent requests per pod x 0.7 utilisation, 60 s
 * stable window, panic window 10% of it, panic threshold 200%, scale up at most 1000x and down at
 * most /2 per decision, min scale 0 (scale to zero after a 30 s grace period), no max scale. The
 * toolkit holds at most {@value ScalingConfig#MAX_REPLICAS} replicas per function, so a larger
 * decision is capped there. CPU per replica stays as configured.
 *
 * <p>Emulation at step resolution: Knative decides every 2 s on metrics averaged per second; a step
 * reports only its mean, so one decision per step is what the step's last tick would decide. The
 * stable window is the mean of the last ceil(stable window / step) steps, the panic window the mean
 * of the last ceil(panic window / step) (one step when the window is shorter). The metric is the
 * function's total: concurrency by Little's law (completed RPS x mean latency; the requests in flight
 * when none completed, e.g. waiting in the activator at zero replicas), or completed RPS. Ready pods
 * are the step's {@link FunctionMetrics#readyReplicas()}.
 *
 * <pre>{@code
 * Kpa kpa = Kpa.builder().build();                          // production defaults
 * Kpa tuned = Kpa.builder().targetConcurrency(2).minScale(1).build();
 * }</pre>
 */
public final class Kpa implements Agent {
  /** Which metric drives scaling. */
  public enum Metric { CONCURRENCY, RPS }

  private final Metric metric;
  private final double target, utilisation, panicWindowPercentage, scaleToZeroGrace;
  private final int minScale, maxScale;
  private final DeciderSpec spec;
  private final String name;
  private HashMap<String, FunctionState> state = new HashMap<>();

  private static final class FunctionState implements Serializable {
    private static final long serialVersionUID = 2L;
    final ArrayDeque<Double> window = new ArrayDeque<>();
    KpaDecider decider;
    double zeroSince = Double.NaN; // when the decider started asking for zero pods
  }

  private Kpa(Builder b) {
    metric = b.metric;
    target = b.target;
    utilisation = b.utilisation;
    panicWindowPercentage = b.panicWindowPercentage;
    scaleToZeroGrace = b.scaleToZeroGrace;
    minScale = b.minScale;
    maxScale = b.maxScale;
    spec = b.decider.targetValue(b.target * b.utilisation).totalValue(b.target).build();
    name = b.name;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override public String name() {
    return name;
  }

  /** Target per pod after the utilisation factor (70 concurrent requests by default). */
  public double targetPerPod() {
    return spec.targetValue();
  }

  /** The decider spec every function's autoscaler uses. */
  public DeciderSpec spec() {
    return spec;
  }

  @Override public Action act(Observation obs, boolean explore) {
    Map<String, ScalingConfig> next = new LinkedHashMap<>();
    double step = obs.spec().stepSeconds();
    double now = obs.stepSeconds();
    int stableSteps = (int) Math.max(1, Math.ceil(spec.stableWindowSeconds() / step - 1e-9));
    double panicWindow = spec.stableWindowSeconds() * panicWindowPercentage / 100;
    int panicSteps = (int) Math.max(1, Math.ceil(panicWindow / step - 1e-9));
    for (String f : obs.spec().functions()) {
      ScalingConfig c = obs.config(f);
      FunctionMetrics m = obs.last().function(f);
      int ready = m.readyReplicas();
      FunctionState s = state.computeIfAbsent(f, k -> new FunctionState());
      if (s.decider == null) {
        s.decider = new KpaDecider(spec, ready, now);
      }
      s.window.addLast(observe(m));
      while (s.window.size() > stableSteps) {
        s.window.removeFirst();
      }
      double stable = s.window.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      double panic = s.window.stream().skip(Math.max(0, s.window.size() - panicSteps))
          .mapToDouble(Double::doubleValue).average().orElse(0);
      int desired = s.decider.scale(ready, stable, panic, now).desiredPodCount();
      next.put(f, c.replicas(bounded(s, desired, now)));
    }
    return Action.configs(next);
  }

  /** Min and max scale, then scale to zero only once the decider has asked for it for the grace period. */
  private int bounded(FunctionState s, int desired, double now) {
    int r = desired;
    if (maxScale > 0) {
      r = Math.min(r, maxScale);
    }
    r = Math.max(r, minScale);
    if (r == 0) {
      if (Double.isNaN(s.zeroSince)) {
        s.zeroSince = now;
      }
      if (now - s.zeroSince < scaleToZeroGrace) {
        r = 1;
      }
    } else {
      s.zeroSince = Double.NaN;
    }
    return Math.min(ScalingConfig.MAX_REPLICAS, r);
  }

  private double observe(FunctionMetrics m) {
    if (metric == Metric.RPS) {
      return m.completedRps();
    }
    double mean = m.meanMicros();
    return Double.isFinite(mean) ? m.completedRps() * mean / 1e6 : m.inFlight();
  }

  @Override public void save(Path dir) throws IOException {
    Snapshots.write(dir, state);
  }

  @Override public void load(Path dir) throws IOException {
    state = Snapshots.read(dir);
  }

  @Override public String toString() {
    return name + "(" + metric.name().toLowerCase() + " target " + target + " x " + utilisation + ")";
  }

  /** Builds a {@link Kpa}; defaults are knative/serving's. */
  public static final class Builder {
    private Metric metric = Metric.CONCURRENCY;
    private double target = 100, utilisation = 0.7, panicWindowPercentage = 10, scaleToZeroGrace = 30;
    private int minScale = 0, maxScale = 0;
    private final DeciderSpec.Builder decider = DeciderSpec.builder();
    private String name = "kpa";

    /** Concurrency per pod (default 100); switches the metric to concurrency. */
    public Builder targetConcurrency(double v) {
      metric = Metric.CONCURRENCY;
      target = Scalers.positive("target concurrency", v);
      return this;
    }

    /** Requests per second per pod (Knative's RPS default: 200); switches the metric to RPS. */
    public Builder targetRps(double v) {
      metric = Metric.RPS;
      target = Scalers.positive("target rps", v);
      return this;
    }

    /** Target utilisation percentage as a fraction (default 0.7). */
    public Builder utilisation(double v) {
      if (!(v > 0 && v <= 1)) {
        throw new IllegalArgumentException("KPA target utilisation must be in (0, 1], was " + v);
      }
      utilisation = v;
      return this;
    }

    public Builder stableWindowSeconds(double v) {
      decider.stableWindowSeconds(v);
      return this;
    }

    /** The panic window as a percentage of the stable window (default 10, Knative's range 1..100). */
    public Builder panicWindowPercentage(double v) {
      if (!(v >= 1 && v <= 100)) {
        throw new IllegalArgumentException("KPA panic window percentage must be in [1, 100], was " + v);
      }
      panicWindowPercentage = v;
      return this;
    }

    /** Panic when the panic window asks for at least this multiple of ready pods (default 2.0). */
    public Builder panicThreshold(double v) {
      decider.panicThreshold(v);
      return this;
    }

    public Builder maxScaleUpRate(double v) {
      decider.maxScaleUpRate(v);
      return this;
    }

    public Builder maxScaleDownRate(double v) {
      decider.maxScaleDownRate(v);
      return this;
    }

    /** How long a scale-down waits at the reduced demand (default 0 s). */
    public Builder scaleDownDelaySeconds(double v) {
      decider.scaleDownDelaySeconds(v);
      return this;
    }

    /** Least non-zero scale (default 1). */
    public Builder activationScale(int v) {
      decider.activationScale(v);
      return this;
    }

    /** Fewest replicas (default 0: scale to zero allowed). */
    public Builder minScale(int v) {
      if (v < 0 || v > ScalingConfig.MAX_REPLICAS) {
        throw new IllegalArgumentException("KPA min scale must be 0.." + ScalingConfig.MAX_REPLICAS + ", was " + v);
      }
      minScale = v;
      return this;
    }

    /** Most replicas (default 0: no limit but the toolkit's {@value ScalingConfig#MAX_REPLICAS}). */
    public Builder maxScale(int v) {
      if (v < 0 || v > ScalingConfig.MAX_REPLICAS) {
        throw new IllegalArgumentException("KPA max scale must be 0.." + ScalingConfig.MAX_REPLICAS + " (0 = none), was "
            + v);
      }
      maxScale = v;
      return this;
    }

    /** How long the decider must ask for zero pods before the last one goes (default 30 s). */
    public Builder scaleToZeroGraceSeconds(double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("KPA scale-to-zero grace period must be >= 0 s, was " + v);
      }
      scaleToZeroGrace = v;
      return this;
    }

    /** Name in logs and tables (default {@code kpa}). */
    public Builder name(String v) {
      name = v;
      return this;
    }

    public Kpa build() {
      if (maxScale > 0 && minScale > maxScale) {
        throw new IllegalArgumentException("KPA min scale " + minScale + " must not exceed max scale " + maxScale);
      }
      return new Kpa(this);
    }
  }
}
