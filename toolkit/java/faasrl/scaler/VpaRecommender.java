package faasrl.scaler;

/**
 * The VPA recommender's CPU estimators (kubernetes/autoscaler
 * {@code vertical-pod-autoscaler/pkg/recommender/logic/estimator.go} and {@code recommender.go}), in
 * the recommender's integer millicores: a percentile of the usage histogram, plus a safety margin,
 * scaled by a confidence multiplier that depends on how much history there is, and at least a
 * minimum. The recommender builds its target as max(min, margin(p90)), its lower bound as
 * max(min, confidence(0.001, -2, margin(p50))) and its upper bound as
 * max(min, confidence(1, +1, margin(p95))).
 *
 * <pre>{@code
 * long target = VpaRecommender.atLeast(25, VpaRecommender.withMargin(0.15, VpaRecommender.fromCores(0.2)));  // 230m
 * long upper = VpaRecommender.withConfidence(1, 1, 0.5, 400);   // (1 + 1 / 0.5)^1 x 400m = 1200m
 * }</pre>
 */
public final class VpaRecommender {
  /** The recommender's largest resource amount (model.MaxResourceAmount). */
  public static final long MAX_AMOUNT = 100_000_000_000_000L;

  private VpaRecommender() {}

  /** Cores to millicores as the recommender converts them: truncated, clamped to [0, MAX_AMOUNT]. */
  public static long fromCores(double cores) {
    return amount(cores * 1000.0);
  }

  /** {@code base} plus {@code fraction} of it (the margin truncated to a millicore). */
  public static long withMargin(double fraction, long base) {
    return base + amount(base * fraction);
  }

  /**
   * {@code base} x (1 + multiplier / confidence)^exponent; with no history (confidence 0) that is
   * the largest amount for a positive exponent and 0 for a negative one.
   */
  public static long withConfidence(double multiplier, double exponent, double confidence, long base) {
    return amount(base * Math.pow(1.0 + multiplier / confidence, exponent));
  }

  /** At least {@code min}. */
  public static long atLeast(long min, long estimate) {
    return Math.max(min, estimate);
  }

  /**
   * How much history backs an estimate, in confidence intervals (days by default): the smaller of
   * the time between the first and last sample and the sample count at one sample a minute.
   */
  public static double confidence(double firstSampleSeconds, double lastSampleSeconds, long samples,
      double intervalSeconds) {
    double lifespan = (lastSampleSeconds - firstSampleSeconds) / intervalSeconds;
    double samplesAmount = samples / (intervalSeconds / 60);
    return Math.min(lifespan, samplesAmount);
  }

  private static long amount(double v) {
    if (v > MAX_AMOUNT) {
      return MAX_AMOUNT;
    }
    return (long) Math.max(0, v);
  }
}
