package faasrl.trace;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cluster.LoadPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinuteArrivalsTest {
  private static final int[] COUNTS = {5, 0, 0, 1, 600, 17};

  @Test void eachMinuteGetsExactlyItsCountAscendingAndInside() {
    for (LoadPattern p : List.of(MinuteArrivals.random(COUNTS, 3), MinuteArrivals.even(COUNTS))) {
      assertThat(AzureTraceTest.countPerMinute(p, COUNTS.length)).containsExactly(COUNTS);
      List<Double> ts = times(p, 0);
      for (int i = 1; i < ts.size(); i++) {
        assertThat(ts.get(i)).isGreaterThan(ts.get(i - 1));
      }
      assertThat(p.nextArrival(ts.get(ts.size() - 1), new SplittableRandom(1))).isInfinite();
    }
  }

  @Test void theMeanRateIsTheMinutesCountsProRata() {
    MinuteArrivals p = MinuteArrivals.random(COUNTS, 1);
    assertThat(p.meanRps(240, 300)).isEqualTo(10.0);
    assertThat(p.meanRps(0, 360)).isCloseTo(623 / 360.0, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(p.meanRps(230, 250)).isCloseTo((1 / 6.0 + 100) / 20, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(p.meanRps(400, 460)).isZero();
  }

  @Test void cuttingTheTimeIntoStepsLosesNoCall() {
    MinuteArrivals p = MinuteArrivals.random(COUNTS, 9);
    List<Double> whole = times(p, 0);
    List<Double> stepped = new ArrayList<>();
    for (double from = 0; from < 360; from += 2) { // as the simulator reads it: from each step's start
      for (double t = p.nextArrival(from, null); t < from + 2; t = p.nextArrival(t, null)) {
        stepped.add(t);
      }
    }
    assertThat(stepped).isEqualTo(whole);
  }

  @Test void theSeedFixesTheTimesAndEvenSpacingIsEven() {
    assertThat(times(MinuteArrivals.random(COUNTS, 3), 0)).isEqualTo(times(MinuteArrivals.random(COUNTS, 3), 0))
        .isNotEqualTo(times(MinuteArrivals.random(COUNTS, 4), 0));
    List<Double> even = times(MinuteArrivals.even(new int[] {4}), 0);
    assertThat(even).hasSize(4);
    assertThat(even.get(0)).isCloseTo(7.5, org.assertj.core.api.Assertions.within(1e-5));
    assertThat(even.get(3)).isCloseTo(52.5, org.assertj.core.api.Assertions.within(1e-5));
    assertThat(MinuteArrivals.random(COUNTS, 1).asUniform().nextArrival(0, null)).isCloseTo(6.0,
        org.assertj.core.api.Assertions.within(1e-5));
  }

  private static List<Double> times(LoadPattern p, double from) {
    List<Double> out = new ArrayList<>();
    for (double t = p.nextArrival(from, null); Double.isFinite(t); t = p.nextArrival(t, null)) {
      out.add(t);
    }
    return out;
  }
}
