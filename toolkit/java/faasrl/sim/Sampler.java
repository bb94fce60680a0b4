package faasrl.sim;

import faasrl.function.Distribution;
import java.util.SplittableRandom;

/**
 * Draws from a {@link Distribution} in nanoseconds, faster than {@link Distribution#sample}: the
 * lognormal's parameters are computed once and the polar method's second normal deviate is kept
 * for the next draw instead of thrown away. Deterministic for the same sequence of calls.
 */
abstract class Sampler {
  abstract double nanos(SplittableRandom rng);

  static Sampler of(Distribution d) {
    if (d instanceof Distribution.Deterministic c) {
      double ns = c.micros() * 1000;
      return new Sampler() {
        @Override double nanos(SplittableRandom rng) {
          return ns;
        }
      };
    }
    if (d instanceof Distribution.Exponential e) {
      double meanNs = e.meanMicros() * 1000;
      return new Sampler() {
        @Override double nanos(SplittableRandom rng) {
          return -meanNs * Math.log(1.0 - rng.nextDouble());
        }
      };
    }
    if (d instanceof Distribution.LogNormal l) {
      return new LogNormal(l.meanMicros() * 1000, l.cv());
    }
    return new Sampler() {
      @Override double nanos(SplittableRandom rng) {
        return d.sample(rng) * 1000;
      }
    };
  }

  /** exp(mu + sigma z) with z standard normal, drawn two at a time by the polar method. */
  private static final class LogNormal extends Sampler {
    private final double mu, sigma;
    private double spare;
    private boolean hasSpare;

    LogNormal(double meanNs, double cv) {
      sigma = Math.sqrt(Math.log(1 + cv * cv));
      mu = Math.log(meanNs) - sigma * sigma / 2;
    }

    @Override double nanos(SplittableRandom rng) {
      double z;
      if (hasSpare) {
        hasSpare = false;
        z = spare;
      } else {
        double u, v, s;
        do {
          u = 2 * rng.nextDouble() - 1;
          v = 2 * rng.nextDouble() - 1;
          s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        z = u * f;
        spare = v * f;
        hasSpare = true;
      }
      return Math.exp(mu + sigma * z);
    }
  }
}
