package faasrl.trace;

import faasrl.function.Distribution;
import java.util.Arrays;

/**
 * A distribution given by some of its percentiles, as the Azure trace gives durations: the inverse
 * CDF is piecewise linear through the points, so every given percentile is honoured exactly and the
 * values between two of them are spread evenly. Immutable.
 *
 * <pre>{@code
 * PercentileCurve d = PercentileCurve.of(new double[] {0, 50, 100}, new double[] {1, 10, 100});
 * d.quantile(0.5);                 // 10.0
 * d.quantile(0.75);                // 55.0
 * Distribution us = d.scaled(1000).toDistribution();   // ms to us, for a FunctionSpec
 * }</pre>
 */
public final class PercentileCurve {
  /** Quantiles a {@link #toDistribution()} resamples: fine enough that each percentile is met within 0.1%. */
  static final int POINTS = 1000;

  private final double[] percents;
  private final double[] values;

  private PercentileCurve(double[] percents, double[] values) {
    this.percents = percents;
    this.values = values;
  }

  /**
   * The curve through {@code (percents[i], values[i])}: percents ascending from 0 to 100, values
   * non-decreasing and not negative.
   */
  public static PercentileCurve of(double[] percents, double[] values) {
    if (percents.length < 2 || percents.length != values.length) {
      throw new IllegalArgumentException("a percentile curve needs as many values as percents, at least two");
    }
    if (percents[0] != 0 || percents[percents.length - 1] != 100) {
      throw new IllegalArgumentException("a percentile curve runs from the 0th to the 100th percentile, was "
          + Arrays.toString(percents));
    }
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] >= 0) || Double.isInfinite(values[i])) {
        throw new IllegalArgumentException("percentile values must be finite and >= 0, was " + values[i]);
      }
      if (i > 0 && (!(percents[i] > percents[i - 1]) || values[i] < values[i - 1])) {
        throw new IllegalArgumentException("percentiles must ascend and their values not fall: "
            + Arrays.toString(percents) + " -> " + Arrays.toString(values));
      }
    }
    return new PercentileCurve(percents.clone(), values.clone());
  }

  /** The value at probability {@code u} in [0, 1]. */
  public double quantile(double u) {
    double p = Math.min(100, Math.max(0, u * 100));
    int i = 1;
    while (i < percents.length - 1 && percents[i] < p) {
      i++;
    }
    double f = (p - percents[i - 1]) / (percents[i] - percents[i - 1]);
    return values[i - 1] + f * (values[i] - values[i - 1]);
  }

  /** The same curve with every value multiplied by {@code factor} (a change of unit). */
  public PercentileCurve scaled(double factor) {
    double[] v = values.clone();
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
    return of(percents, v);
  }

  /** The mean of the distribution: the integral of the piecewise-linear inverse CDF. */
  public double mean() {
    double sum = 0;
    for (int i = 1; i < percents.length; i++) {
      sum += (percents[i] - percents[i - 1]) / 100 * (values[i] + values[i - 1]) / 2;
    }
    return sum;
  }

  /**
   * As a {@link Distribution} to sample from: the quantiles at the midpoints of {@value #POINTS}
   * equal slices of probability, resampled uniformly (a draw of u, then the inverse CDF at u, to
   * within 1/{@value #POINTS}).
   */
  public Distribution toDistribution() {
    double[] q = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      q[i] = Math.min(Distribution.MAX_MICROS, quantile((i + 0.5) / POINTS));
    }
    return Distribution.empirical(q);
  }

  @Override public boolean equals(Object o) {
    return o instanceof PercentileCurve c && Arrays.equals(c.percents, percents) && Arrays.equals(c.values, values);
  }

  @Override public int hashCode() {
    return Arrays.hashCode(percents) * 31 + Arrays.hashCode(values);
  }

  @Override public String toString() {
    StringBuilder b = new StringBuilder("PercentileCurve[");
    for (int i = 0; i < percents.length; i++) {
      b.append(i == 0 ? "" : ", ").append("p").append(fmt(percents[i])).append('=').append(fmt(values[i]));
    }
    return b.append(']').toString();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
