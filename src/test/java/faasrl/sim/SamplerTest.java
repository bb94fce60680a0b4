package faasrl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import faasrl.function.Distribution;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tabulated lognormal sampler draws from the lognormal, tails included. */
class SamplerTest {
  private static final int DRAWS = 2_000_000;

  @ParameterizedTest
  @ValueSource(doubles = {0.2, 0.6, 1.5})
  void lognormalQuantilesAndMeanMatchTheDistribution(double cv) {
    double meanUs = 900;
    Sampler s = Sampler.of(Distribution.lognormal(meanUs, cv), new SplittableRandom(42));
    LogNormalDistribution exact = exact(meanUs, cv);
    double[] ps = {0.001, 0.1, 0.5, 0.9, 0.99, 0.999};
    double[] q = Arrays.stream(ps).map(exact::inverseCumulativeProbability).toArray();
    long[] below = new long[ps.length];
    double sum = 0;
    for (int i = 0; i < DRAWS; i++) {
      double x = s.nanos() / 1000;
      sum += x;
      for (int k = 0; k < ps.length; k++) {
        below[k] += x < q[k] ? 1 : 0;
      }
    }
    for (int k = 0; k < ps.length; k++) {
      double sd = Math.sqrt(ps[k] * (1 - ps[k]) / DRAWS);
      assertThat(below[k] / (double) DRAWS).as("share below the %s quantile at cv %s", ps[k], cv)
          .isCloseTo(ps[k], within(5 * sd));
    }
    // the mean's standard error is cv / sqrt(n): 0.1% at cv 1.5
    assertThat(sum / DRAWS).isCloseTo(meanUs, within(0.006 * meanUs));
  }

  @Test
  void bothTailsBeyondTheTableHaveTheirShare() {
    double cv = 0.6;
    Sampler s = Sampler.of(Distribution.lognormal(1000, cv), new SplittableRandom(7));
    LogNormalDistribution exact = exact(1000, cv);
    double lo = exact.inverseCumulativeProbability(1e-4) * 1000;
    double hi = exact.inverseCumulativeProbability(1 - 1e-4) * 1000;
    double higher = exact.inverseCumulativeProbability(1 - 1e-6) * 1000;
    int below = 0, above = 0, farAbove = 0;
    int n = 20_000_000;
    for (int i = 0; i < n; i++) {
      double v = s.nanos();
      below += v < lo ? 1 : 0;
      above += v > hi ? 1 : 0;
      farAbove += v > higher ? 1 : 0;
    }
    // expected 2000 each (sd 45) and 20 (sd 4.5)
    assertThat(below).isBetween(1800, 2200);
    assertThat(above).isBetween(1800, 2200);
    assertThat(farAbove).isBetween(5, 40);
  }

  /** The lognormal with this mean and coefficient of variation, as Commons Math computes it. */
  private static LogNormalDistribution exact(double mean, double cv) {
    double sigma = Math.sqrt(Math.log(1 + cv * cv));
    return new LogNormalDistribution(null, Math.log(mean) - sigma * sigma / 2, sigma);
  }

  @Test
  void sameStreamSameDraws() {
    Distribution d = Distribution.lognormal(500, 0.8);
    Sampler a = Sampler.of(d, new SplittableRandom(3));
    Sampler b = Sampler.of(d, new SplittableRandom(3));
    for (int i = 0; i < 10_000; i++) {
      assertThat(a.nanos()).isEqualTo(b.nanos());
    }
  }
}
