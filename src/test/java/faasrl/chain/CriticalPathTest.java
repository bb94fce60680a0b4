package faasrl.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Critical-path localisation on constructed numbers and on the simulated checkout chain. */
class CriticalPathTest {
  private static final Chain CHAIN = new Chain("entry", java.util.List.of("a", "b", "c"));
  /** Unloaded: entry's own part 500 us, callees 1000 us each (p90 1200), e2e p90 4000 us. */
  private static final ChainBaseline BASE = new ChainBaseline(CHAIN,
      Map.of("entry", 500.0, "a", 1000.0, "b", 1000.0, "c", 1000.0),
      Map.of("entry", 4000.0, "a", 1200.0, "b", 1200.0, "c", 1200.0), 4000);

  private static Map<String, Double> own(double entry, double a, double b, double c) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("entry", entry);
    m.put("a", a);
    m.put("b", b);
    m.put("c", c);
    return m;
  }

  @Test void theHopThatGrewIsCriticalAndContributionsAddUpToTheE2eExcess() {
    CriticalPath p = CriticalPath.of(CHAIN, BASE, 10_000, own(500, 1100, 4000, 900));
    assertThat(p.critical()).isEqualTo("b");
    assertThat(p.e2eExcessMicros()).isEqualTo(6000);
    // positive excesses: a 100, b 3000 -> the e2e excess of 6000 is split 100:3000
    assertThat(p.hop("b").contributionMicros()).isCloseTo(6000 * 3000 / 3100.0, within(1e-6));
    assertThat(p.hop("a").contributionMicros()).isCloseTo(6000 * 100 / 3100.0, within(1e-6));
    assertThat(p.hop("c").contributionMicros()).isZero();
    assertThat(p.hop("c").excessMicros()).isEqualTo(-100);
    double sum = p.hops().values().stream().mapToDouble(Hop::contributionMicros).sum();
    assertThat(sum).isCloseTo(p.e2eExcessMicros(), within(1e-6));
    assertThat(p.hop("b").share()).isCloseTo(4000 / 6500.0, within(1e-9));
  }

  @Test void aHopThatCompletedNothingIsCriticalAndTakesTheWholeExcess() {
    CriticalPath p = CriticalPath.of(CHAIN, BASE, 50_000, own(500, 1000, 1000, Double.POSITIVE_INFINITY));
    assertThat(p.critical()).isEqualTo("c");
    assertThat(p.hop("c").contributionMicros()).isEqualTo(46_000);
    assertThat(p.hop("a").contributionMicros()).isZero();
  }

  @Test void noExcessMeansNoContribution() {
    CriticalPath p = CriticalPath.of(CHAIN, BASE, 3_900, own(450, 990, 980, 1000));
    assertThat(p.e2eExcessMicros()).isZero();
    assertThat(p.hops().values()).allSatisfy(h -> assertThat(h.contributionMicros()).isZero());
    assertThat(p.critical()).isEqualTo("c"); // the largest excess (0) still names a hop
  }

  @Test void badNumbersGetOneClearError() {
    assertThatThrownBy(() -> CriticalPath.of(CHAIN, BASE, 5000, Map.of("entry", 1.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own latency of hop 'a'");
    assertThatThrownBy(() -> CriticalPath.of(CHAIN, BASE, -1, own(1, 1, 1, 1)))
        .hasMessageContaining("end-to-end p90 must be >= 0");
    assertThatThrownBy(() -> CriticalPath.of(CHAIN, BASE, 1, own(1, 1, 1, 1)).hop("x"))
        .hasMessageContaining("'x' is not a hop");
    assertThatThrownBy(() -> new Chain("a", java.util.List.of("b", "a")))
        .hasMessageContaining("hops must be distinct");
  }

  @Test void theSplitSloSharesTheE2eSloByUnloadedP90AndTheEntryKeepsTheWhole() {
    Map<String, Double> split = BASE.splitSlo(Duration.ofMillis(10));
    assertThat(split.get("entry")).isEqualTo(10_000);
    // weights: entry's own 500, callees' p90 1200 each: 4100 in all
    assertThat(split.get("a")).isCloseTo(10_000 * 1200 / 4100.0, within(1e-6));
    assertThat(split.get("entry") * 500 / 4100 + split.get("a") + split.get("b") + split.get("c"))
        .isCloseTo(10_000, within(1e-6));
  }

  @Test void onTheSimulatorAStarvedHopIsFoundCritical() {
    Chain checkout = Chain.checkout();
    for (String starved : new String[] {"shippingservice", "emailservice"}) {
      try (Cluster c = Clusters.simulated().workers(4).coresPerWorker(20).seed(7).start()) {
        ChainBaseline base = ChainBaseline.measure(c, checkout, 20, 2, 10);
        assertThat(base.e2eP90Micros()).isBetween(4_000.0, 15_000.0);
        c.scale(starved, ScalingConfig.defaults().cpuMillicores(40));
        c.awaitReady();
        java.util.List<StepResult> steps = new java.util.ArrayList<>();
        for (int s = 0; s < 3; s++) {
          steps.add(c.run(Load.of(checkout.entry(), LoadPattern.poisson(200)).seconds(10)
              .offset(Duration.ofSeconds(100 + 10L * s))));
        }
        CriticalPath p = CriticalPath.of(checkout, base, steps);
        assertThat(p.critical()).as("starved " + starved).isEqualTo(starved);
        assertThat(p.hop(starved).contributionMicros()).isGreaterThan(0.5 * p.e2eExcessMicros());
        // callees appear in the step with their own p90, below the end-to-end one
        assertThat(steps.get(2).function("cartservice").p90Micros()).isLessThan(p.e2eP90Micros());
        assertThat(p.hop("cartservice").correlation()).isNotNull();
      }
    }
  }
}
