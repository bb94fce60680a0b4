package faasrl.scaler;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.rl.Action;
import faasrl.rl.Agent;
import faasrl.rl.Observation;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Knative Pod Autoscaler's decision rule (knative/serving defaults, REFERENCE.md section 5):
 * desired = ceil(observed / (target x utilisation)) over a 60 s stable window; a panic mode when
 * the 6 s panic window asks for at least 200% of the ready pods, during which it never scales down
 * and holds the most it has seen, ending after a stable window without panic; scale-up at most
 * 1000x and scale-down at most /2 per decision. CPU per replica stays as configured.
 *
 * <p>Emulation at step resolution: the autoscaler ticks every 2 s, but a step reports only its mean
 * metrics, so every tick inside one step sees the same values. One decision per step is therefore
 * what the step's last tick would decide. The stable window is the mean over the last
 * ceil(60 s / step) steps, the panic window (shorter than a step) is the last step. Observed
 * concurrency is Little's law over the step: completed RPS x mean latency.
 *
 * <pre>{@code
 * Kpa kpa = Kpa.builder().build();                          // production defaults
 * Kpa tuned = Kpa.builder().targetConcurrency(2).build();   // a small-request service
 * }</pre>
 */
public final class Kpa implements Agent {
  /** Which metric drives scaling. */
  public enum Metric { CONCURRENCY, RPS }

  private final Metric metric;
  private final double target, utilisation, stableWindow, panicThreshold, maxUpRate, maxDownRate;
  private final String name;
  private HashMap<String, FunctionState> state = new HashMap<>();

  private static final class FunctionState implements Serializable {
    private static final long serialVersionUID = 1L;
    final ArrayDeque<Double> window = new ArrayDeque<>();
    double panicSince = Double.NaN;
    int maxPanicPods;
  }

  private Kpa(Builder b) {
    metric = b.metric;
    target = b.target;
    utilisation = b.utilisation;
    stableWindow = b.stableWindow;
    panicThreshold = b.panicThreshold;
    maxUpRate = b.maxUpRate;
    maxDownRate = b.maxDownRate;
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
    return target * utilisation;
  }

  @Override public Action act(Observation obs, boolean explore) {
    Map<String, ScalingConfig> next = new LinkedHashMap<>();
    int stableSteps = (int) Math.max(1, Math.ceil(stableWindow / obs.spec().stepSeconds()));
    for (String f : obs.spec().functions()) {
      ScalingConfig c = obs.config(f);
      FunctionMetrics m = obs.last().function(f);
      FunctionState s = state.computeIfAbsent(f, k -> new FunctionState());
      double observed = observe(m);
      s.window.addLast(observed);
      while (s.window.size() > stableSteps) {
        s.window.removeFirst();
      }
      double stable = s.window.stream().mapToDouble(Double::doubleValue).average().orElse(observed);
      int ready = Math.max(1, m.readyReplicas() > 0 ? m.readyReplicas() : c.replicas());
      int desiredStable = (int) Math.ceil(stable / targetPerPod());
      int desiredPanic = (int) Math.ceil(observed / targetPerPod());
      next.put(f, c.replicas(decide(s, ready, desiredStable, desiredPanic, obs.stepSeconds())));
    }
    return Action.configs(next);
  }

  /** The rule on one function; {@code now} in seconds. */
  int decide(FunctionState s, int ready, int desiredStable, int desiredPanic, double now) {
    boolean overThreshold = (double) desiredPanic / ready >= panicThreshold;
    if (overThreshold) {
      s.panicSince = now; // starts or extends the panic
    } else if (!Double.isNaN(s.panicSince) && now - s.panicSince > stableWindow) {
      s.panicSince = Double.NaN; // the surge has reached the stable window
      s.maxPanicPods = 0;
    }
    int maxUp = (int) Math.ceil(maxUpRate * ready);
    int maxDown = (int) Math.floor(ready / maxDownRate);
    int desired;
    if (!Double.isNaN(s.panicSince)) {
      desired = Math.max(Math.max(desiredPanic, ready), s.maxPanicPods);
      s.maxPanicPods = desired;
    } else {
      desired = desiredStable;
    }
    return Math.min(ScalingConfig.MAX_REPLICAS, Math.max(1, Math.max(maxDown, Math.min(maxUp, desired))));
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
    private double target = 100, utilisation = 0.7, stableWindow = 60, panicThreshold = 2.0, maxUpRate = 1000,
        maxDownRate = 2;
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
      stableWindow = Scalers.positive("stable window", v);
      return this;
    }

    /** Panic when the panic window asks for at least this multiple of ready pods (default 2.0). */
    public Builder panicThreshold(double v) {
      if (!(v > 1)) {
        throw new IllegalArgumentException("panic threshold must be > 1 (a multiple of ready pods), was " + v);
      }
      panicThreshold = v;
      return this;
    }

    public Builder maxScaleUpRate(double v) {
      maxUpRate = Scalers.atLeastOne("max scale-up rate", v);
      return this;
    }

    public Builder maxScaleDownRate(double v) {
      maxDownRate = Scalers.atLeastOne("max scale-down rate", v);
      return this;
    }

    /** Name in logs and tables (default {@code kpa}). */
    public Builder name(String v) {
      name = v;
      return this;
    }

    public Kpa build() {
      return new Kpa(this);
    }
  }
}
