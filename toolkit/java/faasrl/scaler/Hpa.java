package faasrl.scaler;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Action;
import faasrl.env.Agent;
import faasrl.env.Observation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes Horizontal Pod Autoscaler on CPU utilisation: each sync, {@link ReplicaCalculator}
 * (utilisation over the pods that report metrics, tolerance 0.1) then {@link HpaNormaliser}
 * (stabilisation seeded with the current count, then limits), as kubernetes/kubernetes'
 * {@code horizontal.go} reconciles. Defaults are Kubernetes': target 80% (kubectl autoscale's
 * default), sync every 15 s, 300 s downscale stabilisation, min 1 replica, no {@code behavior}
 * (scale-up at most max(2 x current, 4) per sync). Max replicas defaults to the toolkit's cap,
 * {@value ScalingConfig#MAX_REPLICAS}. Requests equal limits here, so utilisation is CPU used over
 * the CPU limit. CPU per replica stays as configured.
 *
 * <p>Pods come from the step's metrics: {@link FunctionMetrics#readyReplicas()} ready pods report an
 * equal share of the CPU used; the configured replicas beyond them are starting (unready), so on a
 * scale-up they count as using nothing, as Kubernetes counts unready pods. The current count is the
 * configured replicas (the scale's spec), as Kubernetes takes it.
 *
 * <p>Emulation at step resolution: a sync happens in a step when a multiple of the sync period falls
 * in the step's window (start, end]; several syncs in one step would see the same metrics, so at most
 * one decision is made per step, at the step's end. Between syncs the count holds.
 *
 * <pre>{@code
 * Hpa hpa = Hpa.builder().build();                      // target 80% CPU
 * Hpa tight = Hpa.builder().targetUtilisation(0.5).maxReplicas(20)
 *     .behavior(ScalingRules.defaultScaleUp(), ScalingRules.defaultScaleDown().withStabilizationWindow(60)).build();
 * }</pre>
 */
public final class Hpa implements Agent {
  private final double targetUtilisation, tolerance, syncSeconds, downWindow;
  private final int minReplicas, maxReplicas;
  private final ScalingRules scaleUp, scaleDown; // both null without a behavior
  private final String name;
  private HashMap<String, HpaNormaliser> state = new HashMap<>();

  private Hpa(Builder b) {
    targetUtilisation = b.targetUtilisation;
    tolerance = b.tolerance;
    syncSeconds = b.syncSeconds;
    downWindow = b.downWindow;
    minReplicas = b.minReplicas;
    maxReplicas = b.maxReplicas;
    scaleUp = b.scaleUp;
    scaleDown = b.scaleDown;
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
      next.put(f, sync ? c.replicas(reconcile(f, c, obs.last().function(f), end)) : c);
    }
    return Action.configs(next);
  }

  /**
   * One sync on {@code function} at {@code nowSeconds}, from the metrics of the window before it, for
   * a caller that runs the controller on its own clock rather than through {@link #act}: the replicas
   * to apply (stabilisation state is kept per function in this instance).
   *
   * <!-- given: Hpa hpa; Cluster cluster; StepResult step -->
   * <pre>{@code
   * int r = hpa.sync("f-9a3e01c2bd", cluster.config("f-9a3e01c2bd"), step.function("f-9a3e01c2bd"), 15);
   * }</pre>
   */
  public int sync(String function, ScalingConfig current, FunctionMetrics metrics, double nowSeconds) {
    return reconcile(function, current, metrics, nowSeconds);
  }

  /** One sync on one function at time {@code now} (seconds): the replicas to apply. */
  int reconcile(String function, ScalingConfig c, FunctionMetrics m, double now) {
    HpaNormaliser n = state.computeIfAbsent(function, k -> new HpaNormaliser(downWindow));
    n.recordInitialRecommendation(c.replicas(), now);
    return Math.min(ScalingConfig.MAX_REPLICAS, reconcile(n, c.replicas(), pods(c, m), now));
  }

  /** horizontal.go's reconcileAutoscaler for one CPU metric: the replicas to apply. */
  int reconcile(HpaNormaliser n, int current, List<PodSample> pods, double now) {
    int desired;
    if (current == 0 && minReplicas != 0) {
      return current; // scaling is disabled at zero
    } else if (current > maxReplicas) {
      desired = maxReplicas;
    } else if (current < minReplicas) {
      desired = minReplicas;
    } else {
      int proposed;
      try {
        proposed = ReplicaCalculator.resourceReplicas(current, targetPercent(), pods, tolerance);
      } catch (ReplicaCalculator.NoRecommendation e) {
        return current; // Kubernetes keeps the count when it cannot compute one
      }
      desired = scaleUp == null ? n.normalize(current, proposed, minReplicas, maxReplicas, now).replicas()
          : n.normalizeWithBehaviors(current, proposed, minReplicas, maxReplicas, scaleUp, scaleDown, now).replicas();
    }
    if (desired != current && scaleUp != null) {
      n.storeScaleEvent(scaleUp, scaleDown, current, desired, now);
    }
    return desired;
  }

  private int targetPercent() {
    return (int) Math.round(targetUtilisation * 100);
  }

  /** Ready pods share the CPU used equally; configured replicas not yet ready are starting. */
  static List<PodSample> pods(ScalingConfig c, FunctionMetrics m) {
    int ready = m.readyReplicas();
    long request = c.cpuMillicores();
    List<PodSample> pods = new ArrayList<>();
    long perPod = ready == 0 ? 0 : Math.round(m.cpuUsedCores() * 1000 / ready);
    for (int i = 0; i < ready; i++) {
      pods.add(PodSample.of(request, perPod));
    }
    for (int i = ready; i < c.replicas(); i++) {
      pods.add(PodSample.of(request, 0).unready());
    }
    return pods;
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
    private int minReplicas = 1, maxReplicas = ScalingConfig.MAX_REPLICAS;
    private ScalingRules scaleUp, scaleDown;
    private String name = "hpa";

    /** CPU used / requested to aim for (default 0.8), in whole percent as Kubernetes takes it. */
    public Builder targetUtilisation(double v) {
      if (!(v >= 0.01 && v <= 1)) {
        throw new IllegalArgumentException("HPA target utilisation must be in [0.01, 1], was " + v);
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

    /** The controller's downscale stabilisation window (default 300 s), used without a behavior's own. */
    public Builder scaleDownStabilisationSeconds(double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("scale-down stabilisation must be >= 0 s, was " + v);
      }
      downWindow = v;
      return this;
    }

    /** Fewest replicas (default 1; 0 lets it scale to zero). */
    public Builder minReplicas(int v) {
      if (v < 0 || v > ScalingConfig.MAX_REPLICAS) {
        throw new IllegalArgumentException("HPA min replicas must be 0.." + ScalingConfig.MAX_REPLICAS + ", was " + v);
      }
      minReplicas = v;
      return this;
    }

    /** Most replicas (default {@value ScalingConfig#MAX_REPLICAS}, the toolkit's cap). */
    public Builder maxReplicas(int v) {
      if (v < 1 || v > ScalingConfig.MAX_REPLICAS) {
        throw new IllegalArgumentException("HPA max replicas must be 1.." + ScalingConfig.MAX_REPLICAS + ", was " + v);
      }
      maxReplicas = v;
      return this;
    }

    /**
     * A {@code behavior} block; a null direction takes Kubernetes' default rules for it
     * ({@link ScalingRules#defaultScaleUp()}, {@link ScalingRules#defaultScaleDown()}).
     */
    public Builder behavior(ScalingRules up, ScalingRules down) {
      scaleUp = up == null ? ScalingRules.defaultScaleUp() : up;
      scaleDown = down == null ? ScalingRules.defaultScaleDown() : down;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Hpa build() {
      if (minReplicas > maxReplicas) {
        throw new IllegalArgumentException("HPA min replicas " + minReplicas + " must not exceed max replicas "
            + maxReplicas);
      }
      return new Hpa(this);
    }
  }
}
