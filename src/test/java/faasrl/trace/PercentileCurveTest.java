package faasrl.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import faasrl.function.Distribution;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PercentileCurveTest {
  private static final double[] PERCENTS = {0, 1, 25, 50, 75, 99, 100};
  private static final double[] MS = {2, 3, 8, 10, 15, 80, 400};

  @Test void theInverseCdfPassesThroughEveryPercentile() {
    PercentileCurve c = PercentileCurve.of(PERCENTS, MS);
    for (int i = 0; i < PERCENTS.length; i++) {
      assertThat(c.quantile(PERCENTS[i] / 100)).isCloseTo(MS[i], within(1e-9));
    }
    assertThat(c.quantile(0.625)).isCloseTo(12.5, within(1e-9));
  }

  @Test void samplesHonourThePercentiles() {
    Distribution d = PercentileCurve.of(PERCENTS, MS).scaled(1000).toDistribution();
    SplittableRandom rng = new SplittableRandom(1);
    double[] s = new double[200_000];
    for (int i = 0; i < s.length; i++) {
      s[i] = d.sample(rng);
    }
    Arrays.sort(s);
    assertThat(s[s.length / 2]).isCloseTo(10_000, within(300.0));
    assertThat(s[s.length / 4]).isCloseTo(8_000, within(200.0));
    assertThat(s[(int) (s.length * 0.99)]).isCloseTo(80_000, within(8_000.0));
    assertThat(s[s.length - 1]).isLessThanOrEqualTo(400_000);
  }

  @Test void fallingValuesAreRefused() {
    assertThatThrownBy(() -> PercentileCurve.of(new double[] {0, 50, 100}, new double[] {5, 4, 6}))
        .hasMessageContaining("not fall");
  }
}
