package faasrl.scaler;

/**
 * The configuration of one revision's Knative autoscaler, field for field knative/serving's
 * {@code DeciderSpec} (pkg/autoscaler/scaling/multiscaler.go). Immutable; {@link KpaDecider} applies it.
 *
 * <p>{@code targetValue} is the metric per pod to aim for, already multiplied by the target
 * utilisation (Knative's default 100 concurrent requests x 0.7 = 70); {@code totalValue} is what a pod
 * can hold (100), used only for the excess burst capacity.
 *
 * <pre>{@code
 * DeciderSpec spec = DeciderSpec.builder().targetValue(70).totalValue(100).build();  // production defaults
 * DeciderSpec slow = spec.toBuilder().scaleDownDelaySeconds(300).build();
 * }</pre>
 */
public final class DeciderSpec implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final double targetValue, totalValue, targetBurstCapacity, panicThreshold, maxScaleUpRate,
      maxScaleDownRate, stableWindowSeconds, scaleDownDelaySeconds;
  private final int activationScale;
  private final boolean reachable;

  private DeciderSpec(Builder b) {
    targetValue = b.targetValue;
    totalValue = b.totalValue;
    targetBurstCapacity = b.targetBurstCapacity;
    panicThreshold = b.panicThreshold;
    maxScaleUpRate = b.maxScaleUpRate;
    maxScaleDownRate = b.maxScaleDownRate;
    stableWindowSeconds = b.stableWindowSeconds;
    scaleDownDelaySeconds = b.scaleDownDelaySeconds;
    activationScale = b.activationScale;
    reachable = b.reachable;
  }

  /** Knative's defaults: target 70 (100 x 0.7), panic at 200%, rates 1000 up and 2 down, 60 s stable window. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this spec's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.targetValue = targetValue;
    b.totalValue = totalValue;
    b.targetBurstCapacity = targetBurstCapacity;
    b.panicThreshold = panicThreshold;
    b.maxScaleUpRate = maxScaleUpRate;
    b.maxScaleDownRate = maxScaleDownRate;
    b.stableWindowSeconds = stableWindowSeconds;
    b.scaleDownDelaySeconds = scaleDownDelaySeconds;
    b.activationScale = activationScale;
    b.reachable = reachable;
    return b;
  }

  public double targetValue() {
    return targetValue;
  }

  public double totalValue() {
    return totalValue;
  }

  public double targetBurstCapacity() {
    return targetBurstCapacity;
  }

  public double panicThreshold() {
    return panicThreshold;
  }

  public double maxScaleUpRate() {
    return maxScaleUpRate;
  }

  public double maxScaleDownRate() {
    return maxScaleDownRate;
  }

  public double stableWindowSeconds() {
    return stableWindowSeconds;
  }

  public double scaleDownDelaySeconds() {
    return scaleDownDelaySeconds;
  }

  public int activationScale() {
    return activationScale;
  }

  public boolean reachable() {
    return reachable;
  }

  @Override public String toString() {
    return String.format("DeciderSpec[target %s, total %s, panic %s, up %s, down %s, stable %ss, delay %ss, activation %d%s]",
        targetValue, totalValue, panicThreshold, maxScaleUpRate, maxScaleDownRate, stableWindowSeconds,
        scaleDownDelaySeconds, activationScale, reachable ? "" : ", unreachable");
  }

  /** Builds a {@link DeciderSpec}; every setter checks its range and names the field on failure. */
  public static final class Builder {
    private double targetValue = 70, totalValue = 100, targetBurstCapacity = 211, panicThreshold = 2,
        maxScaleUpRate = 1000, maxScaleDownRate = 2, stableWindowSeconds = 60, scaleDownDelaySeconds = 0;
    private int activationScale = 1;
    private boolean reachable = true;

    private Builder() {}

    /** Metric per pod to aim for, after the target utilisation (default 70). */
    public Builder targetValue(double v) {
      targetValue = Scalers.positive("KPA target value", v);
      return this;
    }

    /** Metric a pod can hold (default 100); only the excess burst capacity uses it. */
    public Builder totalValue(double v) {
      totalValue = Scalers.positive("KPA total value", v);
      return this;
    }

    /** Burst capacity to keep (default 211, Knative's); 0 = none, -1 = unlimited. */
    public Builder targetBurstCapacity(double v) {
      if (!(v >= 0 || v == -1) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("KPA target burst capacity must be >= 0 or -1 (unlimited), was " + v);
      }
      targetBurstCapacity = v;
      return this;
    }

    /** Panic when the panic window asks for at least this multiple of the ready pods (default 2). */
    public Builder panicThreshold(double v) {
      if (!(v > 1) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("KPA panic threshold must be > 1 (a multiple of ready pods), was " + v);
      }
      panicThreshold = v;
      return this;
    }

    public Builder maxScaleUpRate(double v) {
      maxScaleUpRate = Scalers.above("KPA max scale-up rate", v, 1);
      return this;
    }

    public Builder maxScaleDownRate(double v) {
      maxScaleDownRate = Scalers.above("KPA max scale-down rate", v, 1);
      return this;
    }

    public Builder stableWindowSeconds(double v) {
      stableWindowSeconds = Scalers.positive("KPA stable window", v);
      return this;
    }

    /** How long a scale-down waits at the reduced demand (default 0: none). */
    public Builder scaleDownDelaySeconds(double v) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("KPA scale-down delay must be >= 0 s, was " + v);
      }
      scaleDownDelaySeconds = v;
      return this;
    }

    /** Least non-zero scale (default 1); from zero the revision comes up to at least this many. */
    public Builder activationScale(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("KPA activation scale must be >= 1, was " + v);
      }
      activationScale = v;
      return this;
    }

    /** Whether a route sends traffic to the revision (default true); unreachable ones scale down freely. */
    public Builder reachable(boolean v) {
      reachable = v;
      return this;
    }

    public DeciderSpec build() {
      if (targetValue > totalValue) {
        throw new IllegalArgumentException("KPA target value " + targetValue + " must not exceed the total value "
            + totalValue);
      }
      return new DeciderSpec(this);
    }
  }
}
