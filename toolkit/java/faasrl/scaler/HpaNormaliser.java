package faasrl.scaler;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the HPA controller does with a replica calculator's recommendation before applying it
 * (kubernetes/kubernetes {@code pkg/controller/podautoscaler/horizontal.go}): stabilisation over a
 * window of past recommendations, then limits. One instance per HPA: it keeps the recommendations
 * and, with a {@code behavior}, the scale events. Times are in seconds on any clock.
 *
 * <p>Without a {@code behavior}: the result is the highest recommendation of the downscale
 * stabilisation window (300 s) including the new one, then clamped to [min, max] and to at most
 * max(2 x current, 4) ({@link #convertDesiredReplicasWithRules}). With a {@code behavior}: the new
 * recommendation is bounded by the lowest of the scale-up window and the highest of the scale-down
 * window, then by the policies' limits over their periods of past scale events.
 *
 * <pre>{@code
 * HpaNormaliser n = new HpaNormaliser(300);
 * n.recordInitialRecommendation(5, 0);                              // as the controller does on first sight
 * int replicas = n.normalize(5, 3, 2, 6, 15).replicas();           // 5: the window still holds 5
 * }</pre>
 */
public final class HpaNormaliser implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Without a behavior, a scale-up is at most max(factor x current, minimum). */
  static final double SCALE_UP_LIMIT_FACTOR = 2, SCALE_UP_LIMIT_MINIMUM = 4;

  private final double downscaleStabilisationWindow;
  private final double scaleUpLimitFactor;
  private List<Recommendation> recommendations; // null until the first recommendation
  private final List<ScaleEvent> scaleUpEvents = new ArrayList<>();
  private final List<ScaleEvent> scaleDownEvents = new ArrayList<>();

  /** A recommendation and when it was made. */
  public record Recommendation(int replicas, double time) implements Serializable {}

  /** A change of {@code replicaChange} pods at {@code time}; outdated ones are reused for new events. */
  public record ScaleEvent(int replicaChange, double time, boolean outdated) implements Serializable {}

  /** The replicas to apply and the ScalingLimited reason Kubernetes reports for them. */
  public record Normalised(int replicas, String reason) {}

  /** A normaliser with the controller's downscale stabilisation window (Kubernetes' default 300 s). */
  public HpaNormaliser(double downscaleStabilisationWindowSeconds) {
    this(downscaleStabilisationWindowSeconds, SCALE_UP_LIMIT_FACTOR);
  }

  /** Upstream's tests raise the scale-up limit factor to 8; production uses 2. */
  HpaNormaliser(double downscaleStabilisationWindowSeconds, double scaleUpLimitFactor) {
    downscaleStabilisationWindow = downscaleStabilisationWindowSeconds;
    this.scaleUpLimitFactor = scaleUpLimitFactor;
  }

  /** Seeds the recommendations with the current count when there are none yet. */
  public void recordInitialRecommendation(int currentReplicas, double now) {
    if (recommendations == null) {
      recommendations = new ArrayList<>(List.of(new Recommendation(currentReplicas, now)));
    }
  }

  /** Replaces the recommendation history (upstream's tests set it directly). */
  void recommendations(List<Recommendation> v) {
    recommendations = new ArrayList<>(v);
  }

  List<Recommendation> recommendations() {
    return recommendations == null ? List.of() : List.copyOf(recommendations);
  }

  void scaleEvents(List<ScaleEvent> up, List<ScaleEvent> down) {
    scaleUpEvents.clear();
    scaleUpEvents.addAll(up);
    scaleDownEvents.clear();
    scaleDownEvents.addAll(down);
  }

  List<ScaleEvent> scaleUpEvents() {
    return List.copyOf(scaleUpEvents);
  }

  List<ScaleEvent> scaleDownEvents() {
    return List.copyOf(scaleDownEvents);
  }

  private List<Recommendation> log() {
    if (recommendations == null) {
      recommendations = new ArrayList<>();
    }
    return recommendations;
  }

  /** The no-behavior path: stabilise, then min, max and the scale-up limit. */
  public Normalised normalize(int currentReplicas, int desiredReplicas, int minReplicas, int maxReplicas, double now) {
    int stabilised = stabilizeRecommendation(desiredReplicas, now);
    return convertDesiredReplicasWithRules(currentReplicas, stabilised, minReplicas, maxReplicas, scaleUpLimitFactor);
  }

  /** The behavior path; {@code up} and {@code down} as defaulted by Kubernetes. */
  public Normalised normalizeWithBehaviors(int currentReplicas, int desiredReplicas, int minReplicas, int maxReplicas,
      ScalingRules up, ScalingRules down, double now) {
    ScalingRules downRules = down.stabilizationWindowSeconds() == null
        ? down.withStabilizationWindow(downscaleStabilisationWindow) : down;
    int stabilised = stabilizeRecommendationWithBehaviors(currentReplicas, desiredReplicas, up, downRules, now);
    return convertDesiredReplicasWithBehaviorRate(currentReplicas, stabilised, minReplicas, maxReplicas, up, downRules,
        now);
  }

  /** The highest recommendation not older than the window (the new one included); the oldest stale entry is reused. */
  int stabilizeRecommendation(int desiredReplicas, double now) {
    List<Recommendation> log = log();
    int max = desiredReplicas;
    int old = -1;
    double cutoff = now - downscaleStabilisationWindow;
    for (int i = 0; i < log.size(); i++) {
      Recommendation r = log.get(i);
      if (r.time() < cutoff) {
        old = i;
      } else if (r.replicas() > max) {
        max = r.replicas();
      }
    }
    record(old, new Recommendation(desiredReplicas, now));
    return max;
  }

  /** Bounds the current count by the scale-up window's lowest and the scale-down window's highest recommendation. */
  int stabilizeRecommendationWithBehaviors(int currentReplicas, int desiredReplicas, ScalingRules up, ScalingRules down,
      double now) {
    List<Recommendation> log = log();
    double upCutoff = now - windowOf(up);
    double downCutoff = now - windowOf(down);
    int upRecommendation = desiredReplicas;
    int downRecommendation = desiredReplicas;
    int old = -1;
    for (int i = 0; i < log.size(); i++) {
      Recommendation r = log.get(i);
      if (r.time() > upCutoff) {
        upRecommendation = Math.min(upRecommendation, r.replicas());
      }
      if (r.time() > downCutoff) {
        downRecommendation = Math.max(downRecommendation, r.replicas());
      }
      if (r.time() < upCutoff && r.time() < downCutoff) {
        old = i;
      }
    }
    int recommendation = Math.min(Math.max(currentReplicas, upRecommendation), downRecommendation);
    record(old, new Recommendation(desiredReplicas, now));
    return recommendation;
  }

  private static double windowOf(ScalingRules rules) {
    return rules.stabilizationWindowSeconds() == null ? 0 : rules.stabilizationWindowSeconds();
  }

  private void record(int oldIndex, Recommendation r) {
    if (oldIndex >= 0) {
      log().set(oldIndex, r);
    } else {
      log().add(r);
    }
  }

  /** Clamps to [min, max] and, without a behavior, to max(factor x current, 4). */
  static Normalised convertDesiredReplicasWithRules(int currentReplicas, int desiredReplicas, int minReplicas,
      int maxReplicas, double scaleUpLimitFactor) {
    int scaleUpLimit = (int) Math.max(scaleUpLimitFactor * currentReplicas, SCALE_UP_LIMIT_MINIMUM);
    int maximumAllowed;
    String limiting;
    if (maxReplicas > scaleUpLimit) {
      maximumAllowed = scaleUpLimit;
      limiting = "ScaleUpLimit";
    } else {
      maximumAllowed = maxReplicas;
      limiting = "TooManyReplicas";
    }
    if (desiredReplicas < minReplicas) {
      return new Normalised(minReplicas, "TooFewReplicas");
    } else if (desiredReplicas > maximumAllowed) {
      return new Normalised(maximumAllowed, limiting);
    }
    return new Normalised(desiredReplicas, "DesiredWithinRange");
  }

  /** The policies' limits given the scale events of their periods, then [min, max]. */
  Normalised convertDesiredReplicasWithBehaviorRate(int currentReplicas, int desiredReplicas, int minReplicas,
      int maxReplicas, ScalingRules up, ScalingRules down, double now) {
    if (desiredReplicas > currentReplicas) {
      int scaleUpLimit = Math.max(currentReplicas,
          calculateScaleUpLimitWithScalingRules(currentReplicas, scaleUpEvents, scaleDownEvents, up, now));
      int maximumAllowed = maxReplicas;
      String reason = "TooManyReplicas";
      if (maximumAllowed > scaleUpLimit) {
        maximumAllowed = scaleUpLimit;
        reason = "ScaleUpLimit";
      }
      if (desiredReplicas > maximumAllowed) {
        return new Normalised(maximumAllowed, reason);
      }
    } else if (desiredReplicas < currentReplicas) {
      int scaleDownLimit = Math.min(currentReplicas,
          calculateScaleDownLimitWithBehaviors(currentReplicas, scaleUpEvents, scaleDownEvents, down, now));
      int minimumAllowed = minReplicas;
      String reason = "TooFewReplicas";
      if (minimumAllowed < scaleDownLimit) {
        minimumAllowed = scaleDownLimit;
        reason = "ScaleDownLimit";
      }
      if (desiredReplicas < minimumAllowed) {
        return new Normalised(minimumAllowed, reason);
      }
    }
    return new Normalised(desiredReplicas, "DesiredWithinRange");
  }

  /** The most pods the rules allow, counted from the replicas at the start of each policy's period. */
  static int calculateScaleUpLimitWithScalingRules(int currentReplicas, List<ScaleEvent> upEvents,
      List<ScaleEvent> downEvents, ScalingRules rules, double now) {
    if (rules.select() == ScalingRules.Select.DISABLED) {
      return currentReplicas;
    }
    boolean min = rules.select() == ScalingRules.Select.MIN;
    int result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (ScalingRules.Policy p : rules.policies()) {
      int periodStart = currentReplicas - replicasChangePerPeriod(p.periodSeconds(), upEvents, now)
          + replicasChangePerPeriod(p.periodSeconds(), downEvents, now);
      int proposed = p.type() == ScalingRules.PolicyType.PODS ? periodStart + p.value()
          : (int) Math.ceil(periodStart * (1 + p.value() / 100.0));
      result = min ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
  }

  /** The fewest pods the rules allow, counted from the replicas at the start of each policy's period. */
  static int calculateScaleDownLimitWithBehaviors(int currentReplicas, List<ScaleEvent> upEvents,
      List<ScaleEvent> downEvents, ScalingRules rules, double now) {
    if (rules.select() == ScalingRules.Select.DISABLED) {
      return currentReplicas;
    }
    boolean min = rules.select() == ScalingRules.Select.MIN;
    int result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (ScalingRules.Policy p : rules.policies()) {
      int periodStart = currentReplicas - replicasChangePerPeriod(p.periodSeconds(), upEvents, now)
          + replicasChangePerPeriod(p.periodSeconds(), downEvents, now);
      int proposed = p.type() == ScalingRules.PolicyType.PODS ? periodStart - p.value()
          : (int) (periodStart * (1 - p.value() / 100.0));
      result = min ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }

  /** Pods changed by the events strictly inside the last {@code periodSeconds}. */
  static int replicasChangePerPeriod(double periodSeconds, List<ScaleEvent> events, double now) {
    double cutoff = now - periodSeconds;
    int sum = 0;
    for (ScaleEvent e : events) {
      if (e.time() > cutoff) {
        sum += e.replicaChange();
      }
    }
    return sum;
  }

  /**
   * Remembers a rescale for the policies (only with a behavior, as Kubernetes): events older than the
   * direction's longest policy period are marked outdated and the last of them is reused.
   */
  public void storeScaleEvent(ScalingRules up, ScalingRules down, int prevReplicas, int newReplicas, double now) {
    boolean scaleUp = newReplicas > prevReplicas;
    List<ScaleEvent> events = scaleUp ? scaleUpEvents : scaleDownEvents;
    double cutoff = now - (scaleUp ? up : down).longestPeriodSeconds();
    int old = -1;
    for (int i = 0; i < events.size(); i++) {
      ScaleEvent e = events.get(i);
      if (e.time() < cutoff && !e.outdated()) {
        events.set(i, e = new ScaleEvent(e.replicaChange(), e.time(), true));
      }
      if (e.outdated()) {
        old = i;
      }
    }
    ScaleEvent fresh = new ScaleEvent(Math.abs(newReplicas - prevReplicas), now, false);
    if (old >= 0) {
      events.set(old, fresh);
    } else {
      events.add(fresh);
    }
  }
}
