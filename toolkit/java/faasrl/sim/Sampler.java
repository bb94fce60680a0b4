package faasrl.sim;

import faasrl.function.Distribution;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * Draws from a {@link Distribution} in nanoseconds, bound to one random stream, faster than
 * {@link Distribution#sample}. The lognormal, drawn twice per simulated request, is
 * sampled by inversion from a table of its quantiles (see {@link LogNormal}): one 64-bit draw and
 * a look-up, no logarithm or exponential. Deterministic for the same sequence of calls.
 */
abstract class Sampler {
  abstract double nanos();

  static Sampler of(Distribution d, SplittableRandom rng) {
    if (d instanceof Distribution.Deterministic c) {
      double ns = c.micros() * 1000;
      return new Sampler() {
        @Override double nanos() {
          return ns;
        }
      };
    }
    if (d instanceof Distribution.Exponential e) {
      double meanNs = e.meanMicros() * 1000;
      return new Sampler() {
        @Override double nanos() {
          return -meanNs * Math.log(1.0 - rng.nextDouble());
        }
      };
    }
    if (d instanceof Distribution.LogNormal l) {
      return new LogNormal(l.meanMicros() * 1000, l.cv(), rng);
    }
    return new Sampler() {
      @Override double nanos() {
        return d.sample(rng) * 1000;
      }
    };
  }

  /**
   * Inversion through the quantile function, tabulated at 1024 equally likely intervals and
   * interpolated linearly inside each. The outermost 16 intervals on each side (3% of draws), where
   * the quantile function bends too sharply to interpolate, are drawn exactly instead: a normal
   * deviate beyond the table's last point, by Marsaglia's tail method. Relative error of a draw: under
   * 5e-4 for any coefficient of variation up to 3, 1.2e-3 at the largest a distribution may have (100).
   */
  static final class LogNormal extends Sampler {
    private static final int BITS = 10;
    private static final int N = 1 << BITS;
    /** Intervals at each end drawn exactly. */
    private static final int TAIL_INTERVALS = 16;
    private static final long FRACTION_MASK = (1L << (64 - BITS)) - 1;
    private static final double FRACTION_SCALE = Math.scalb(1.0, BITS - 64);
    /** Standard normal quantiles at i / N, inside the tails. */
    private static final double[] Z = new double[N + 1];
    /** Where the upper tail starts (and, negated, the lower one ends). */
    private static final double TAIL;

    static {
      for (int i = TAIL_INTERVALS; i <= N - TAIL_INTERVALS; i++) {
        Z[i] = Math.sqrt(2) * Erf.erfInv(2.0 * i / N - 1);
      }
      TAIL = Z[N - TAIL_INTERVALS];
    }

    private final double mu, sigma;
    private final double[] quantiles = new double[N + 1];
    private final SplittableRandom rng;

    LogNormal(double meanNs, double cv, SplittableRandom rng) {
      this.sigma = Math.sqrt(Math.log(1 + cv * cv));
      this.mu = Math.log(meanNs) - sigma * sigma / 2;
      this.rng = rng;
      for (int i = TAIL_INTERVALS; i <= N - TAIL_INTERVALS; i++) {
        quantiles[i] = Math.exp(mu + sigma * Z[i]);
      }
    }

    @Override double nanos() {
      long r = rng.nextLong();
      int i = (int) (r >>> (64 - BITS));
      if (i < TAIL_INTERVALS) {
        return Math.exp(mu - sigma * tail());
      }
      if (i >= N - TAIL_INTERVALS) {
        return Math.exp(mu + sigma * tail());
      }
      double lo = quantiles[i];
      return lo + (r & FRACTION_MASK) * FRACTION_SCALE * (quantiles[i + 1] - lo);
    }

    /** A standard normal deviate conditioned on exceeding {@link #TAIL} (Marsaglia, 1964). */
    private double tail() {
      double x, y;
      do {
        x = -Math.log(1.0 - rng.nextDouble()) / TAIL;
        y = -Math.log(1.0 - rng.nextDouble());
      } while (2 * y < x * x);
      return TAIL + x;
    }
  }
}
