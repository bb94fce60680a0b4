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
 * The Kubernetes Horizontal Pod Autoscaler on CPU (REFERENCE.md section 5): desired =
 * ceil(current x utilisation / target), skipped within a tolerance of 0.1; synced every 15 s;
 * scale-down takes the highest recommendation of the last 300 s (stabilisation); scale-up at most
 * max(+100%, +4 pods) per sync. Utilisation is CPU used over CPU requested (requests equal limits
 * here). CPU per replica stays as configured.
 *
 * <p>Emulation at step resolution: a sync happens in a step when a multiple of the sync period
 * falls in the step's window (start, end]; several syncs in one step would see the same step metrics,
 * so at most one decision is made per step. Between syncs the replica count holds.
 *
 * <pre>{@code
 * Hpa hpa = Hpa.builder().build();                      // target 80% CPU (kubectl autoscale's default)
 * Hpa tight = Hpa.builder().targetUtilisation(0.5).build();
 * }</pre>
 */
public final class Hpa implements Agent {
  private final double targetUtilisation, tolerance, syncSeconds, downWindow;
  private final String name;
  private HashMap<String, History> state = new HashMap<>();

  private static final class History implements Serializable {
    private static final long serialVersionUID = 1L;
    final ArrayDeque<double[]> recommendations = new ArrayDeque<>(); // {time, replicas}
  }

  private Hpa(Builder b) {
    targetUtilisation = b.targetUtilisation;
    tolerance = b.tolerance;
    syncSeconds = b.syncSeconds;
    downWindow = b.downWindow;
    name = b.name;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override public String name() {
    return name;
  }

  @Override public Action act(Observation obs, boolean explore) {
    double end = obs.stepSeconds();
    double start = end - obs.spec().stepSeconds();
    boolean sync = Math.floor(end / syncSeconds + 1e-9) > Math.floor(start / syncSeconds + 1e-9); // a tick in (start, end]
    Map<String, ScalingConfig> next = new LinkedHashMap<>();
    for (String f : obs.spec().functions()) {
      ScalingConfig c = obs.config(f);
      next.put(f, sync ? c.replicas(decide(f, c, obs.last().function(f), end)) : c);
    }
    return Action.configs(next);
  }

  /** One sync on one function at time {@code now} (seconds). */
  int decide(String function, ScalingConfig c, FunctionMetrics m, double now) {
    int current = Math.max(1, c.replicas());
    double requested = c.cpuCores() * current;
    double utilisation = requested <= 0 ? 0 : m.cpuUsedCores() / requested;
    double ratio = utilisation / targetUtilisation;
    int desired = Math.abs(ratio - 1) <= tolerance ? current : (int) Math.ceil(current * ratio);
    desired = Math.min(desired, Math.max(2 * current, current + 4));
    History h = state.computeIfAbsent(function, k -> new History());
    h.recommendations.addLast(new double[] {now, desired});
    while (!h.recommendations.isEmpty() && h.recommendations.peekFirst()[0] <= now - downWindow) {
      h.recommendations.removeFirst();
    }
    if (desired < current) {
      double highest = h.recommendations.stream().mapToDouble(r -> r[1]).max().orElse(desired);
      desired = (int) Math.min(current, highest);
    }
    return Math.min(ScalingConfig.MAX_REPLICAS, Math.max(1, desired));
  }

  @Override public void save(Path dir) throws IOException {
    Snapshots.write(dir, state);
  }

  @Override public void load(Path dir) throws IOException {
    state = Snapshots.read(dir);
  }

  @Override public String toString() {
    return name + "(cpu target " + targetUtilisation + ")";
  }

  /** Builds an {@link Hpa}; defaults are Kubernetes'. */
  public static final class Builder {
    private double targetUtilisation = 0.8, tolerance = 0.1, syncSeconds = 15, downWindow = 300;
    private String name = "hpa";

    /** CPU used / requested to aim for (default 0.8). */
    public Builder targetUtilisation(double v) {
      if (!(v > 0 && v <= 1)) {
        throw new IllegalArgumentException("HPA target utilisation must be in (0, 1], was " + v);
      }
      targetUtilisation = v;
      return this;
    }

    public Builder tolerance(double v) {
      if (!(v >= 0 && v < 1)) {
        throw new IllegalArgumentException("HPA tolerance must be in [0, 1), was " + v);
      }
      tolerance = v;
      return this;
    }

    public Builder syncSeconds(double v) {
      syncSeconds = Scalers.positive("sync period", v);
      return this;
    }

    public Builder scaleDownStabilisationSeconds(double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("scale-down stabilisation must be >= 0 s, was " + v);
      }
      downWindow = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Hpa build() {
      return new Hpa(this);
    }
  }
}
