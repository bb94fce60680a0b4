package faasrl.env;

import static faasrl.env.Fixtures.metrics;
import static faasrl.env.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardsTest {
  static final ScalingConfig C = ScalingConfig.defaults().cpuMillicores(500).replicas(2);

  @Test void paperVerticalMatchesHandComputation() {
    // 90 of 100 completed, p90 2000 us, first worker's cpu_user 0.02:
    // 2 * (0.9 + (1 - 2000/400000)) - 2.5 * (0.02 * 10) = 3.79 - 0.5 = 3.29; +0.2 * 3 for three met steps
    StepResult r = step(0, 0.02, metrics("a", C, 2000, 100, 90).build());
    EnvSpec spec = Fixtures.spec(5000, "a");
    assertThat(Rewards.paperVertical().of(r, Map.of("a", C), spec, 0)).isCloseTo(3.29, offset(1e-9));
    assertThat(Rewards.paperVertical().of(r, Map.of("a", C), spec, 3)).isCloseTo(3.89, offset(1e-9));
  }

  @Test void paperVerticalPenalisesMissingLatencies() {
    // nothing completed: 2 * (0 + 0) - 2.5 * 0.1 * 10 - 2 = -4.5
    StepResult r = step(0, 0.1, metrics("a", C, 0, 50, 0).build());
    assertThat(Rewards.paperVertical().of(r, Map.of("a", C), Fixtures.spec(5000, "a"), 0)).isCloseTo(-4.5, offset(1e-9));
  }

  @Test void paperHorizontalMatchesHandComputation() {
    // p90 ratios 1000/2000 and 1500/2000: mean 0.625, 1 - 0.625^0.4 = 1 - e^(0.4 ln 0.625) = 0.1713865
    StepResult r = step(0, 0.3, metrics("a", C, 1000, 100, 100).build(), metrics("b", C, 1500, 100, 100).build());
    EnvSpec spec = new EnvSpec(java.util.List.of("a", "b"), Map.of("a", 2000.0, "b", 2000.0), 10,
        Bounds.of(20, 2000, 1, 10), ActionSpace.horizontal(java.util.List.of("a", "b")), 6, 0.01);
    assertThat(Rewards.paperHorizontal().of(r, Map.of("a", C, "b", C), spec, 0)).isCloseTo(0.1713865, offset(1e-6));
    StepResult late = step(0, 0.3, metrics("a", C, 1000, 100, 100).build(), metrics("b", C, 2010, 100, 100).build());
    assertThat(Rewards.paperHorizontal().of(late, Map.of("a", C, "b", C), spec, 0)).isEqualTo(-1);
  }

  @Test void sloCostPricesMissesAndTheLargestConfigurationWhileTheSloIsMissed() {
    // slo 1000, p90 1500: every one of the 95 completed is late and 5 failed, so all 100 missed;
    // missed, the configuration is priced at the CPU ceiling: 2000m x 2 replicas = 4 cores
    // -(1 + 2 * 1.0 + 1 * 4.0) = -7
    StepResult r = step(0, 0.3, metrics("a", C, 1500, 100, 95).build());
    assertThat(Rewards.sloCost().of(r, Map.of("a", C), Fixtures.spec(1000, "a"), 0)).isCloseTo(-7, offset(1e-9));
    // met: only the configured CPU (500m x 2 = 1 core) and replicas: -(2 * 1 + 0.1 * 2) = -2.2
    StepResult ok = step(0, 0.3, metrics("a", C, 4000, 100, 100).build());
    Reward cpuOnly = Rewards.sloCost(new Rewards.Weights(1, 2, 2, 0.1, 0));
    assertThat(cpuOnly.of(ok, Map.of("a", C), Fixtures.spec(5000, "a"), 0)).isCloseTo(-2.2, offset(1e-9));
  }

  @Test void requestsStillInFlightCountAsMissed() {
    // 60 served in time, 40 still queued at the step's end (none failed): 40% missed
    StepResult r = step(0, 0.3, metrics("a", C, 800, 100, 60).failed(0).inFlight(40).build());
    assertThat(Rewards.missedFraction(r.function("a"), 1000)).isCloseTo(0.4, offset(1e-9));
    StepResult none = step(0, 0.3, metrics("a", C, 800, 0, 0).build());
    assertThat(Rewards.missedFraction(none.function("a"), 1000)).isZero();
  }

  @Test void deeperOverloadNeverLooksBetter() {
    // both steps scaled up by 30m and missed the SLO: nothing served at 50m vs 30 of 100 in time at 300m
    EnvSpec spec = Fixtures.spec(1000, "a");
    ScalingConfig small = C.cpuMillicores(50), large = C.cpuMillicores(300);
    StepResult starved = step(0, 0.3, metrics("a", small, 0, 100, 0).failed(0).inFlight(100).build());
    org.HdrHistogram.Histogram h = faasrl.cluster.FunctionMetrics.newHistogram();
    h.recordValueWithCount(800, 30);
    h.recordValueWithCount(3000, 30);
    StepResult strained = step(0, 0.3, metrics("a", large, 0, 100, 60).latency(h).failed(0).inFlight(40).build());
    double deep = Rewards.sloCost().of(starved, Map.of("a", C.cpuMillicores(20)), Map.of("a", small), spec, 0);
    double mild = Rewards.sloCost().of(strained, Map.of("a", C.cpuMillicores(270)), Map.of("a", large), spec, 0);
    assertThat(deep).isLessThan(mild);
    // holding in violation is charged every request: never better than adding resources
    double held = Rewards.sloCost().of(strained, Map.of("a", large), Map.of("a", large), spec, 0);
    assertThat(held).isLessThan(mild);
  }

  @Test void sloCostPrefersLessCpuWhenTheSloHolds() {
    EnvSpec spec = Fixtures.spec(5000, "a");
    StepResult small = step(0, 0.3, metrics("a", C.cpuMillicores(300), 4000, 100, 100).build());
    StepResult large = step(0, 0.3, metrics("a", C, 4000, 100, 100).build());
    assertThat(Rewards.sloCost().of(small, Map.of("a", C.cpuMillicores(300)), spec, 0))
        .isGreaterThan(Rewards.sloCost().of(large, Map.of("a", C), spec, 0));
  }

  @Test void aRollOutCostsInProportionToTheChange() {
    EnvSpec spec = Fixtures.spec(5000, "a");
    StepResult r = step(0, 0.3, metrics("a", C, 4000, 100, 100).build());
    Reward reward = Rewards.sloCost();
    double hold = reward.of(r, Map.of("a", C), Map.of("a", C), spec, 0);
    // 500m -> 530m on 2 replicas changes 0.06 cores; 500m -> 800m changes 0.6: 0.5 per core changed
    double small = reward.of(r, Map.of("a", C.cpuMillicores(530)), Map.of("a", C), spec, 0);
    double big = reward.of(r, Map.of("a", C.cpuMillicores(800)), Map.of("a", C), spec, 0);
    assertThat(hold - small).isCloseTo(0.5 * 0.06, offset(1e-9));
    assertThat(hold - big).isCloseTo(0.5 * 0.6, offset(1e-9));
    // the price does not depend on the old limit, only on the change
    StepResult high = step(0, 0.3, metrics("a", C.cpuMillicores(1500), 4000, 100, 100).build());
    double holdHigh = reward.of(high, Map.of("a", C.cpuMillicores(1500)), Map.of("a", C.cpuMillicores(1500)), spec, 0);
    double downHigh = reward.of(high, Map.of("a", C.cpuMillicores(1530)), Map.of("a", C.cpuMillicores(1500)), spec, 0);
    assertThat(holdHigh - downHigh).isCloseTo(0.5 * 0.06, offset(1e-9));
  }

  @Test void aRollOutPaysForTheOldRevisionItKeepsAllocated() {
    EnvSpec spec = Fixtures.spec(5000, "a");
    Reward reward = Rewards.sloCost();
    ScalingConfig now = C.cpuMillicores(530), before = C;
    // while the old revision drained, both revisions' limits counted: 1.5 cores allocated on average
    StepResult rolling = step(0, 0.3, metrics("a", now, 4000, 100, 100).cpuLimitCores(1.5).build());
    StepResult settled = step(0, 0.3, metrics("a", now, 4000, 100, 100).build());
    double changed = reward.of(rolling, Map.of("a", now), Map.of("a", before), spec, 0);
    double held = reward.of(settled, Map.of("a", now), Map.of("a", now), spec, 0);
    // 1 per allocated core beyond the configured 1.06, plus 0.5 per core changed
    assertThat(held - changed).isCloseTo((1.5 - 1.06) + 0.5 * 0.06, offset(1e-9));
    // holding pays no roll-out even if the metrics show an overlap left from an earlier step
    StepResult lingering = step(0, 0.3, metrics("a", now, 4000, 100, 100).cpuLimitCores(1.5).build());
    assertThat(reward.of(lingering, Map.of("a", now), Map.of("a", now), spec, 0)).isCloseTo(held, offset(1e-9));
  }

  @Test void rejectsNegativeWeightsAndUnknownNames() {
    assertThatThrownBy(() -> new Rewards.Weights(1, -1, 0, 0, 0)).hasMessageContaining("weights");
    assertThatThrownBy(() -> Rewards.named("cheap")).hasMessageContaining("slo-cost");
  }
}
