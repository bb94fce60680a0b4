package faasrl.env;

import static faasrl.env.Fixtures.metrics;
import static faasrl.env.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Action spaces, bounds, encoders and termination: the parts that need no cluster. */
class SpacesTest {
  static final ScalingConfig C = ScalingConfig.defaults().cpuMillicores(100);

  @Test void verticalSpaceMovesCpuWithinBounds() {
    ActionSpace a = ActionSpace.vertical(List.of("f"), 30);
    Bounds b = Bounds.of(20, 150, 1, 3);
    assertThat(a.size()).isEqualTo(3);
    assertThat(a.noop()).isEqualTo(1);
    assertThat(a.apply(2, Map.of("f", C), b).get("f").cpuMillicores()).isEqualTo(130);
    assertThat(a.apply(2, Map.of("f", C.cpuMillicores(140)), b).get("f").cpuMillicores()).isEqualTo(150);
    assertThat(a.apply(0, Map.of("f", C.cpuMillicores(30)), b).get("f").cpuMillicores()).isEqualTo(20);
    assertThat(a.describe(0)).isEqualTo("f cpu-30");
  }

  @Test void cpuSpaceOffersCoarseAndFineSteps() {
    ActionSpace a = ActionSpace.cpu(List.of("f", "g"), -30, -10, 0, 10, 30);
    Bounds b = Bounds.of(20, 1000, 1, 3);
    assertThat(a.size()).isEqualTo(25);
    assertThat(a.decode(a.noop())).containsExactly(0, 0);
    Map<String, ScalingConfig> next = a.apply(5 + 3, Map.of("f", C, "g", C), b);   // f -10m, g +10m
    assertThat(next.get("f").cpuMillicores()).isEqualTo(90);
    assertThat(next.get("g").cpuMillicores()).isEqualTo(110);
    assertThat(a.describe(4)).isEqualTo("f cpu-30; g cpu+30");
  }

  @Test void percentSpaceScalesTheLimitByItselfAndAlwaysMoves() {
    ActionSpace a = ActionSpace.cpuPercent(List.of("f"), -25, -10, 0, 10, 25, 100, 200);
    Bounds b = Bounds.of(20, 1000, 1, 3);
    assertThat(a.size()).isEqualTo(7);
    assertThat(a.noop()).isEqualTo(2);
    assertThat(a.apply(6, Map.of("f", C), b).get("f").cpuMillicores()).isEqualTo(300);   // x3
    assertThat(a.apply(0, Map.of("f", C), b).get("f").cpuMillicores()).isEqualTo(75);
    assertThat(a.apply(6, Map.of("f", C.cpuMillicores(400)), b).get("f").cpuMillicores()).isEqualTo(1000);
    assertThat(a.apply(0, Map.of("f", C.cpuMillicores(22)), b).get("f").cpuMillicores()).isEqualTo(20);
    // 10% of 5m rounds to nothing: a step that asks for a change still moves by 1m
    assertThat(a.apply(3, Map.of("f", C.cpuMillicores(5)), Bounds.of(1, 1000, 1, 3)).get("f").cpuMillicores())
        .isEqualTo(6);
    assertThat(a.describe(5)).isEqualTo("f cpu+100%");
    assertThat(a.knobs().get(0).dimension().cpu()).isTrue();
    assertThatThrownBy(() -> ActionSpace.cpuPercent(List.of("f"), -100, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-100");
  }

  @Test void afterAMissedSloOnlyARollOutsBacklogMayBeHeldAndNothingIsLowered() {
    EnvSpec spec = new EnvSpec(List.of("f", "g"), Map.of("f", 5000.0, "g", 5000.0), 10, Bounds.of(20, 1000, 1, 3),
        ActionSpace.cpuPercent(List.of("f", "g"), -10, 0, 10), 16, 0.01);
    Map<String, ScalingConfig> now = Map.of("f", C, "g", C);
    // f missed (p90 9 ms over 5 ms) while a roll-out drained (150m allocated against 100m configured); g met
    StepResult draining = step(0, 0.3, metrics("f", C, 9000, 100, 100).cpuLimitCores(0.15).build(),
        metrics("g", C, 1000, 100, 100).build());
    assertAllowedIff(spec, now, draining, d -> d[0] >= 0);
    // the same miss with 100m alone all step: 100m is too small, f must grow
    StepResult alone = step(0, 0.3, metrics("f", C, 9000, 100, 100).build(), metrics("g", C, 1000, 100, 100).build());
    assertAllowedIff(spec, now, alone, d -> d[0] > 0);
    // deep overload (30 of 100 asked requests completed) during a roll-out: f must grow too
    StepResult deep = step(0, 0.3, metrics("f", C, 9000, 100, 30).cpuLimitCores(0.15).build(),
        metrics("g", C, 1000, 100, 100).build());
    assertAllowedIff(spec, now, deep, d -> d[0] > 0);
    StepResult fine = step(0, 0.3, metrics("f", C, 1000, 100, 100).build(), metrics("g", C, 1000, 100, 100).build());
    assertThat(spec.actions().allowed(now, fine, spec)).containsOnly(true);
    // at the ceiling nothing can grow: holding is allowed, lowering still is not
    ScalingConfig top = C.cpuMillicores(1000);
    Map<String, ScalingConfig> atCeiling = Map.of("f", top, "g", C);
    StepResult starved = step(0, 0.3, metrics("f", top, 9000, 100, 100).build(), metrics("g", C, 1000, 100, 100).build());
    assertAllowedIff(spec, atCeiling, starved, d -> d[0] >= 0);
  }

  private static void assertAllowedIff(EnvSpec spec, Map<String, ScalingConfig> now, StepResult last,
      java.util.function.Predicate<int[]> expected) {
    boolean[] ok = spec.actions().allowed(now, last, spec);
    for (int i = 0; i < ok.length; i++) {
      assertThat(ok[i]).as(spec.actions().describe(i)).isEqualTo(expected.test(spec.actions().decode(i)));
    }
  }

  @Test void horizontalSpaceIsTheJointProduct() {
    ActionSpace a = ActionSpace.horizontal(List.of("x", "y", "z"));
    assertThat(a.size()).isEqualTo(27);
    assertThat(a.decode(a.noop())).containsExactly(0, 0, 0);
    assertThat(a.decode(0)).containsExactly(-1, -1, -1);
    assertThat(a.decode(26)).containsExactly(1, 1, 1);
    assertThat(a.decode(5)).containsExactly(-1, 0, 1);   // 5 = 0*9 + 1*3 + 2
    Map<String, ScalingConfig> cur = Map.of("x", C, "y", C.replicas(3), "z", C.replicas(10));
    Map<String, ScalingConfig> next = a.apply(26, cur, Bounds.of(20, 2000, 1, 10));
    assertThat(next.get("x").replicas()).isEqualTo(2);
    assertThat(next.get("y").replicas()).isEqualTo(4);
    assertThat(next.get("z").replicas()).isEqualTo(10);            // at the ceiling
    assertThat(a.apply(0, cur, Bounds.of(20, 2000, 1, 10)).get("x").replicas()).isEqualTo(1);  // floor 1
    assertThat(ActionSpace.joint(List.of("x"), 100).size()).isEqualTo(9);
    assertThatThrownBy(() -> a.decode(27)).hasMessageContaining("0..26");
  }

  @Test void boundsAreValidated() {
    assertThatThrownBy(() -> Bounds.of(100, 50, 1, 2)).hasMessageContaining("floor <= ceiling");
    assertThatThrownBy(() -> Bounds.of(20, 50, 0, 2)).hasMessageContaining("1 <= min");
  }

  @Test void normalisedEncoderIsPerFunctionAndBounded() {
    EnvSpec spec = Fixtures.spec(1000, "a", "b");
    StepResult r = step(0, 0.3,
        metrics("a", C, 2000, 100, 100).cpuUsedCores(0.1).throttledPeriods(50).periods(100).build(),
        metrics("b", C.cpuMillicores(1000).replicas(2), 1000, 500, 0).cpuUsedCores(0.5).build());
    double[] s = StateEncoders.normalised().encode(r, Map.of("a", C, "b", C.cpuMillicores(1000).replicas(2)), spec);
    assertThat(s).hasSize(16);
    // a: utilisation 0.1/0.1 = 1, throttled 0.5, p90 2 SLOs -> 0.5, completion 1, cpu 100/2000, 1/10 replicas,
    //    10 rps / 1000, 0.1 cores / 2 cores
    assertThat(java.util.Arrays.copyOf(s, 8)).containsExactly(new double[] {1, 0.5, 0.5, 1, 0.05, 0.1, 0.01, 0.05},
        offset(1e-9));
    // b: nothing completed: latency feature saturates at 1, completion 0
    assertThat(s[10]).isEqualTo(1);
    assertThat(s[11]).isEqualTo(0);
    for (double v : s) {
      assertThat(v).isBetween(0.0, 1.5);
    }
  }

  @Test void paperEncodersKeepTheOriginalRawVectors() {
    EnvSpec spec = Fixtures.spec(5000, "a");
    StepResult r = step(0, 0.3, metrics("a", C.memoryMiB(500), 1000, 100, 100).build());
    assertThat(StateEncoders.paperVertical().encode(r, Map.of("a", C.memoryMiB(500)), spec))
        .containsExactly(0.3, 0.8, 100, 500, 1);
    assertThat(StateEncoders.paperHorizontal().encode(r, Map.of("a", C.replicas(3)), spec))
        .containsExactly(0.3, 0.8, 2e6, 1e6, 3, 10);
  }

  @Test void terminationPolicies() {
    assertThat(Termination.paperVertical().check(5, 10, true)).isEqualTo(Termination.End.TERMINAL);
    assertThat(Termination.paperVertical().check(24, 3, true)).isEqualTo(Termination.End.TRUNCATED);
    assertThat(Termination.paperVertical().check(23, 9, true)).isEqualTo(Termination.End.NONE);
    assertThat(Termination.paperHorizontal(24).check(1, 1, true)).isEqualTo(Termination.End.TERMINAL);
    assertThat(Termination.truncateAfter(3).check(3, 3, true)).isEqualTo(Termination.End.TRUNCATED);
    assertThat(Termination.never().check(100000, 0, false)).isEqualTo(Termination.End.NONE);
  }
}
