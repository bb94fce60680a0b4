package faasrl.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.Clusters;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.function.Distribution;
import faasrl.function.FunctionSpec;
import faasrl.trace.PercentileCurve;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generic profile function: its draws, and a real replica busy in its cgroup as the profile says. */
class ProfileFunctionTest {
  @Test void drawsHonourTheTracesPercentiles() {
    PercentileCurve ms = PercentileCurve.of(new double[] {0, 1, 25, 50, 75, 99, 100},
        new double[] {2, 3, 8, 10, 14, 40, 90});
    ProfileFunction f = ProfileFunction.parse(ProfileFunction.encode(ProfileFunction.quantilesOf(
        ms.scaled(1000).toDistribution())));
    double[] percents = {0, 1, 25, 50, 75, 99, 100};
    double[] values = {2, 3, 8, 10, 14, 40, 90};
    for (int i = 0; i < percents.length; i++) {
      assertThat(f.cpuMicros(percents[i] / 100) / 1000).as("p%s", percents[i])
          .isCloseTo(values[i], org.assertj.core.data.Percentage.withPercentage(3));
    }
  }

  @Test void badQuantilesAreOneClearError() {
    assertThatThrownBy(() -> ProfileFunction.parse("5,1")).hasMessageContaining("ascending");
    assertThatThrownBy(() -> ProfileFunction.parse("1,x")).hasMessageContaining("numbers separated by commas");
  }

  /** Real replicas in their cgroups: 20 ms of CPU per call at 10 calls/s is about 0.2 cores. */
  @Test void aReplicaBurnsTheProfilesCpuInItsCgroup() {
    FunctionSpec spec = FunctionSpec.builder("f-busy20").cpu(Distribution.deterministic(20_000)).memoryMiB(8).build();
    try (LocalCluster c = Clusters.local().profileFunctions(true).start()) {
      c.deploy(spec, ScalingConfig.defaults().cpuMillicores(500));
      Load load = Load.of("f-busy20", LoadPattern.constant(10)).seconds(3).deadline(Duration.ofSeconds(5));
      c.run(load.seconds(1)); // warm-up: the replica's JIT
      FunctionMetrics m = c.run(load).only();
      assertThat(m.failed()).isZero();
      assertThat(m.completed()).isGreaterThan(20);
      assertThat(m.cpuUsedCores()).as("cgroup CPU").isBetween(0.12, 0.5);
      assertThat(m.p50Micros()).as("a call is at least its CPU time").isGreaterThanOrEqualTo(20_000);
    }
  }

  @Test void withoutProfilesAFunctionWithNoImplementationIsStillRefused() {
    try (LocalCluster c = Clusters.local().start()) {
      assertThatThrownBy(() -> c.deploy(FunctionSpec.builder("f-x").cpu(Distribution.deterministic(1)).build(),
          ScalingConfig.defaults())).hasMessageContaining("no local implementation")
          .hasMessageContaining("profileFunctions(true)");
      assertThat(c.functions()).isEqualTo(List.of());
    }
  }
}
