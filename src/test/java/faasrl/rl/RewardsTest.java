package faasrl.rl;

import static faasrl.rl.Fixtures.metrics;
import static faasrl.rl.Fixtures.step;
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

  @Test void sloCostPricesViolationExcessFailuresAndCpu() {
    // slo 1000, p90 1500 (1.5 SLOs), 5 of 100 failed, 500m x 2 = 1 core:
    // -(1 + 0.5 * 0.5 + 2 * 0.05 + 1 * 1.0) = -2.35
    StepResult r = step(0, 0.3, metrics("a", C, 1500, 100, 95).build());
    assertThat(Rewards.sloCost().of(r, Map.of("a", C), Fixtures.spec(1000, "a"), 0)).isCloseTo(-2.35, offset(1e-9));
    // met: only the CPU cost, here with weights 0 except 2 per core
    StepResult ok = step(0, 0.3, metrics("a", C, 4000, 100, 100).build());
    Reward cpuOnly = Rewards.sloCost(new Rewards.Weights(1, 0.5, 2, 2, 0.1));
    assertThat(cpuOnly.of(ok, Map.of("a", C), Fixtures.spec(5000, "a"), 0)).isCloseTo(-2.2, offset(1e-9));
  }

  @Test void sloCostPrefersLessCpuWhenTheSloHolds() {
    EnvSpec spec = Fixtures.spec(5000, "a");
    StepResult small = step(0, 0.3, metrics("a", C.cpuMillicores(300), 4000, 100, 100).build());
    StepResult large = step(0, 0.3, metrics("a", C, 4000, 100, 100).build());
    assertThat(Rewards.sloCost().of(small, Map.of("a", C.cpuMillicores(300)), spec, 0))
        .isGreaterThan(Rewards.sloCost().of(large, Map.of("a", C), spec, 0));
    // a roll-out that keeps both revisions' limits for part of the step costs more than the config alone
    StepResult rollout = step(0, 0.3, metrics("a", C, 4000, 100, 100).cpuLimitCores(1.4).build());
    assertThat(Rewards.sloCost().of(rollout, Map.of("a", C), spec, 0))
        .isCloseTo(Rewards.sloCost().of(large, Map.of("a", C), spec, 0) - 1 * 0.4, offset(1e-9));
  }

  @Test void rejectsNegativeWeightsAndUnknownNames() {
    assertThatThrownBy(() -> new Rewards.Weights(1, -1, 0, 0, 0)).hasMessageContaining("weights");
    assertThatThrownBy(() -> Rewards.named("cheap")).hasMessageContaining("slo-cost");
  }
}
