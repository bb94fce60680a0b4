package faasrl.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Observation;
import faasrl.env.StateEncoders;
import faasrl.experiment.Setup;
import faasrl.rl.DqnAgent;
import faasrl.scaler.Kpa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain run: load on the entry only, every hop scaled, the critical hop counted per step. */
class ChainRunTest {
  private static final Chain CHECKOUT = Chain.checkout();
  private static ChainBaseline base;

  @BeforeAll static void baseline() {
    try (Cluster c = Clusters.simulated().seed(3).start()) {
      base = ChainBaseline.measure(c, CHECKOUT, 20, 2, 10);
    }
  }

  /** Every hop on 1000m except one starved hop, held there. */
  private static ChainScaler holdWithStarved(String starved) {
    return new ChainScaler() {
      @Override public String name() {
        return "hold";
      }

      @Override public Map<String, ScalingConfig> decide(ChainObservation o) {
        Map<String, ScalingConfig> m = new LinkedHashMap<>();
        o.configs().forEach((h, c) -> m.put(h, c.cpuMillicores(h.equals(starved) ? 40 : 1000)));
        return m;
      }
    };
  }

  @Test void aStarvedHopMissesTheE2eSloAndIsCriticalInEveryStep(@TempDir Path dir) throws Exception {
    ChainRun run = ChainRun.of(CHECKOUT, base, Duration.ofMillis(15)).load(LoadPattern.poisson(200)).steps(6);
    try (Cluster c = Clusters.simulated().seed(1_000_000_003L).start()) {
      ChainRun.Result r = run.run(c, holdWithStarved("emailservice"), dir);
      assertThat(r.steps().rowCount()).isEqualTo(6);
      // the first step still runs the 100m start while the new revisions roll out; later ones are starved
      assertThat(r.criticalCounts().get("emailservice")).isGreaterThanOrEqualTo(5);
      assertThat(r.violationRate()).isGreaterThanOrEqualTo(5 / 6.0);
      assertThat(r.cpuMeanCores()).isBetween(3.0, 7.0); // six hops near 1 core
      assertThat(Files.readAllLines(dir.resolve("steps.csv"))).hasSize(7).first().asString()
          .startsWith("step,time_s,e2e_p90_us,e2e_met,cpu_cores,critical,checkoutservice_cpu_m");
    }
  }

  @Test void kpaOnEveryHopMeetsAModerateLoad() throws Exception {
    ChainRun run = ChainRun.of(CHECKOUT, base, Duration.ofMillis(15)).load(LoadPattern.poisson(100)).steps(8);
    Setup s = Setup.defaults();
    try (Cluster c = Clusters.simulated().seed(1_000_000_004L).start()) {
      ChainRun.Result r = run.run(c, new RuleScaler(Kpa.builder().build(), CHECKOUT, s.bounds(), s.stepSeconds()), null);
      assertThat(r.agent()).isEqualTo("kpa");
      assertThat(r.violationRate()).isLessThanOrEqualTo(0.5);
      assertThat(r.e2eP90MedianMs()).isLessThan(15);
      assertThat(r.criticalCounts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
    }
  }

  /**
   * A run longer than the localisation's 6-step window: scalers see every step so far, and a hop's DQN
   * gets them too. It used to see the last 6 steps in its state and only the last one in its rules,
   * so a peak a minute back (a burst) no longer held its limit up.
   */
  @Test void scalersAndTheHopsDqnsSeeTheRunsHistory() throws Exception {
    List<ChainObservation> seen = new ArrayList<>();
    ChainScaler recording = new ChainScaler() {
      @Override public String name() {
        return "recording";
      }

      @Override public Map<String, ScalingConfig> decide(ChainObservation o) {
        seen.add(o);
        return o.configs();
      }
    };
    ChainRun run = ChainRun.of(CHECKOUT, base, Duration.ofMillis(15)).load(LoadPattern.poisson(50)).steps(10);
    try (Cluster c = Clusters.simulated().seed(1_000_000_005L).start()) {
      run.run(c, recording, null);
    }
    assertThat(seen).extracting(o -> o.recent().size())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());

    String hop = "emailservice";
    DqnAgent untrained = DqnAgent.builder().seed(1).build(StateEncoders.withHistory().size(List.of(hop)),
        Setup.defaults().function(hop).actions().size());
    HopDqns dqns = HopDqns.of(Map.of(hop, untrained), Map.of(hop, 3_000.0), Setup.defaults());
    ChainObservation last = seen.get(9);
    Observation o = dqns.observation(hop, last, 3_000);
    assertThat(o.recent()).isEqualTo(last.recent());
    assertThat(o.last()).isSameAs(last.last());
    assertThat(o.configs()).containsOnlyKeys(hop);
  }

  @Test void badSettingsGetOneClearError() {
    assertThatThrownBy(() -> ChainRun.of(CHECKOUT, base, Duration.ZERO)).hasMessageContaining("SLO must be > 0");
    assertThatThrownBy(() -> ChainRun.of(CHECKOUT, base, Duration.ofMillis(15)).steps(0))
        .hasMessageContaining("steps must be >= 1");
    assertThatThrownBy(() -> ChainRun.of(Chain.of(faasrl.function.Catalog.onlineShop(), "recommendationservice"), base,
        Duration.ofMillis(15))).hasMessageContaining("baseline is of");
  }
}
