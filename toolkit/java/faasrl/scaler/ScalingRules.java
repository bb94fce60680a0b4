package faasrl.scaler;

import java.io.Serializable;
import java.util.List;

/**
 * One direction of an HPA {@code behavior} block ({@code HPAScalingRules}): a stabilisation window,
 * the policies limiting how many pods may be added or removed per period, and how to choose among
 * them. Immutable.
 *
 * <pre>{@code
 * ScalingRules up = ScalingRules.defaultScaleUp();     // 0 s window; max(+4 pods, +100%) per 15 s
 * ScalingRules slowDown = new ScalingRules(600.0, ScalingRules.Select.MAX,
 *     List.of(new ScalingRules.Policy(ScalingRules.PolicyType.PODS, 1, 60)));
 * }</pre>
 *
 * @param stabilizationWindowSeconds window of recommendations to stabilise over; {@code null} takes
 *                                   the controller's default (300 s down, as Kubernetes does)
 * @param select                     which policy's limit applies
 * @param policies                   the limits
 */
public record ScalingRules(Double stabilizationWindowSeconds, Select select, List<Policy> policies)
    implements Serializable {
  /** selectPolicy: the policy allowing the biggest change, the smallest, or no change at all. */
  public enum Select { MAX, MIN, DISABLED }

  /** A policy's unit: pods, or percent of the replicas at the start of the period. */
  public enum PolicyType { PODS, PERCENT }

  /** At most {@code value} pods (or percent) changed per {@code periodSeconds}. */
  public record Policy(PolicyType type, int value, int periodSeconds) implements Serializable {
    public Policy {
      if (type == null || value <= 0 || periodSeconds <= 0 || periodSeconds > 1800) {
        throw new IllegalArgumentException("HPA scaling policy needs a type, value > 0 and period 1..1800 s, was "
            + type + " " + value + " per " + periodSeconds + " s");
      }
    }
  }

  public ScalingRules {
    if (stabilizationWindowSeconds != null && !(stabilizationWindowSeconds >= 0 && stabilizationWindowSeconds <= 3600)) {
      throw new IllegalArgumentException("HPA stabilization window must be 0..3600 s, was " + stabilizationWindowSeconds);
    }
    if (select == null) {
      throw new IllegalArgumentException("HPA select policy must be given");
    }
    policies = List.copyOf(policies);
  }

  /** Kubernetes' default scale-up rules: no stabilisation; the larger of +4 pods and +100% per 15 s. */
  public static ScalingRules defaultScaleUp() {
    return new ScalingRules(0.0, Select.MAX,
        List.of(new Policy(PolicyType.PODS, 4, 15), new Policy(PolicyType.PERCENT, 100, 15)));
  }

  /** Kubernetes' default scale-down rules: the controller's window (300 s); up to -100% per 15 s. */
  public static ScalingRules defaultScaleDown() {
    return new ScalingRules(null, Select.MAX, List.of(new Policy(PolicyType.PERCENT, 100, 15)));
  }

  /** This rule with the stabilisation window set. */
  public ScalingRules withStabilizationWindow(double seconds) {
    return new ScalingRules(seconds, select, policies);
  }

  /** The longest policy period: scale events older than this no longer matter. */
  int longestPeriodSeconds() {
    return policies.stream().mapToInt(Policy::periodSeconds).max().orElse(0);
  }
}
