package faasrl.function;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A non-negative random quantity in microseconds, such as the CPU time one request needs.
 *
 * <p>Immutable and thread-safe; sampling takes the caller's random source so that runs are
 * deterministic for a seed.
 *
 * <pre>{@code
 * Distribution cpu = Distribution.lognormal(900, 0.4);   // mean 900 us, coefficient of variation 0.4
 * double us = cpu.sample(new SplittableRandom(7));
 * }</pre>
 */
public sealed interface Distribution {
  /**
   * The largest value (a constant, a mean, a sample) in microseconds: one hour. A request that
   * needs more is no serverless request, and larger values overflow the simulator's nanosecond clock.
   */
  double MAX_MICROS = 3_600e6;
  /** The largest lognormal coefficient of variation (its samples still fit the nanosecond clock). */
  double MAX_CV = 100;

  /** One sample, in microseconds (never negative). */
  double sample(SplittableRandom rng);

  /** The mean, in microseconds. */
  double mean();

  /** A short type name as used in profile files: exponential, lognormal, deterministic, empirical. */
  String type();

  /** Always exactly {@code micros}. */
  static Distribution deterministic(double micros) {
    return new Deterministic(micros);
  }

  /** Zero: no demand at all. */
  static Distribution zero() {
    return new Deterministic(0);
  }

  /** Exponential with the given mean (a memoryless service time, as in M/M/c theory). */
  static Distribution exponential(double meanMicros) {
    return new Exponential(meanMicros);
  }

  /** Lognormal with the given mean and coefficient of variation (stddev / mean). */
  static Distribution lognormal(double meanMicros, double cv) {
    return new LogNormal(meanMicros, cv);
  }

  /** Resamples measured values uniformly (bootstrap). */
  static Distribution empirical(double[] samplesMicros) {
    return new Empirical(samplesMicros);
  }

  private static double requireNonNegative(String what, double v) {
    return requireRange(what, v, MAX_MICROS);
  }

  private static double requireRange(String what, double v, double max) {
    if (!(v >= 0) || v > max) {
      throw new IllegalArgumentException(what + " must be 0.." + (long) max + ", was " + v);
    }
    return v;
  }

  /** A constant. */
  record Deterministic(double micros) implements Distribution {
    public Deterministic {
      requireNonNegative("deterministic value (us)", micros);
    }

    @Override public double sample(SplittableRandom rng) {
      return micros;
    }

    @Override public double mean() {
      return micros;
    }

    @Override public String type() {
      return "deterministic";
    }
  }

  /** Exponential. */
  record Exponential(double meanMicros) implements Distribution {
    public Exponential {
      requireNonNegative("exponential mean (us)", meanMicros);
    }

    @Override public double sample(SplittableRandom rng) {
      // 1 - u is in (0, 1]: log never sees zero
      return -meanMicros * Math.log(1.0 - rng.nextDouble());
    }

    @Override public double mean() {
      return meanMicros;
    }

    @Override public String type() {
      return "exponential";
    }
  }

  /** Lognormal parameterised by its mean and coefficient of variation. */
  record LogNormal(double meanMicros, double cv) implements Distribution {
    public LogNormal {
      requireNonNegative("lognormal mean (us)", meanMicros);
      requireRange("lognormal cv", cv, MAX_CV);
    }

    private double sigma() {
      return Math.sqrt(Math.log(1 + cv * cv));
    }

    @Override public double sample(SplittableRandom rng) {
      double s = sigma();
      double mu = Math.log(meanMicros) - s * s / 2;
      return Math.exp(mu + s * Gaussian.next(rng));
    }

    @Override public double mean() {
      return meanMicros;
    }

    @Override public String type() {
      return "lognormal";
    }
  }

  /** Bootstrap from measured samples. */
  record Empirical(double[] samplesMicros) implements Distribution {
    public Empirical {
      if (samplesMicros == null || samplesMicros.length == 0) {
        throw new IllegalArgumentException("empirical distribution needs at least one sample");
      }
      samplesMicros = samplesMicros.clone();
      for (double v : samplesMicros) {
        requireNonNegative("empirical sample (us)", v);
      }
    }

    @Override public double[] samplesMicros() {
      return samplesMicros.clone();
    }

    @Override public double sample(SplittableRandom rng) {
      return samplesMicros[rng.nextInt(samplesMicros.length)];
    }

    @Override public double mean() {
      return Arrays.stream(samplesMicros).average().orElse(0);
    }

    @Override public String type() {
      return "empirical";
    }

    @Override public boolean equals(Object o) {
      return o instanceof Empirical e && Arrays.equals(samplesMicros, e.samplesMicros);
    }

    @Override public int hashCode() {
      return Arrays.hashCode(samplesMicros);
    }

    @Override public String toString() {
      return "Empirical[n=" + samplesMicros.length + ", mean=" + mean() + "]";
    }
  }

  /** Standard normal deviates by the polar method (stateless: SplittableRandom has no nextGaussian on 17). */
  final class Gaussian {
    private Gaussian() {}

    static double next(SplittableRandom rng) {
      double u, v, s;
      do {
        u = 2 * rng.nextDouble() - 1;
        v = 2 * rng.nextDouble() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s == 0);
      return u * Math.sqrt(-2 * Math.log(s) / s);
    }
  }
}
