package faasrl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Rewards#sloCostIdleMet}: a step without calls meets the SLO and pays only for its pods; a busy
 * step is the plain SLO-cost's.
 */
class SloCostIdleMetTest {
  static final ScalingConfig POD = ScalingConfig.defaults();
  static final Rewards.Weights W = Rewards.Weights.defaults(); // 1 per violation, 2 per missed, 1 per core, 0.5 per core changed

  static EnvSpec spec(String... fs) {
    Map<String, Double> slo = new java.util.LinkedHashMap<>();
    for (String f : fs) {
      slo.put(f, 5000.0);
    }
    return new EnvSpec(List.of(fs), slo, 10, Bounds.of(1000, 1000, 1, 10),
        ActionSpace.factored(ActionSpace.horizontalKnobs(List.of(fs))), StateEncoders.NORMALISED_FEATURES * fs.length,
        0.01);
  }

  @Test void anIdleStepPaysOnlyForItsPodsAndTheirChange() {
    EnvSpec spec = spec("idle");
    StepResult r = Fixtures.step(0, 0.1, Fixtures.metrics("idle", POD.replicas(3), 0, 0, 0).build());
    double idle = Rewards.sloCostIdleMet(W).of(r, Map.of("idle", POD.replicas(2)), Map.of("idle", POD.replicas(3)),
        spec, 0);
    assertThat(idle).isCloseTo(-(3 + 0.5), within(1e-9));
    double plain = Rewards.sloCost(W).of(r, Map.of("idle", POD.replicas(2)), Map.of("idle", POD.replicas(3)), spec, 0);
    assertThat(plain).as("the plain reward counts it as a violation at 10 pods").isLessThan(idle - 1);
  }

  @Test void aBusyStepIsThePlainSloCostOfEachFunction() {
    EnvSpec both = spec("busy", "idle");
    StepResult r = Fixtures.step(0, 0.3,
        Fixtures.metrics("busy", POD.replicas(2), 20_000, 100, 100).cpuUsedCores(1.5).build(),
        Fixtures.metrics("idle", POD, 0, 0, 0).build());
    Map<String, ScalingConfig> configs = Map.of("busy", POD.replicas(2), "idle", POD);
    double sum = Rewards.sloCostIdleMet(W).of(r, configs, configs, both, 0);
    double busyAlone = Rewards.sloCost(W).of(r, configs, configs, spec("busy"), 0);
    assertThat(busyAlone).as("20 ms against a 5 ms SLO: a violation").isLessThan(-3);
    assertThat(sum).isCloseTo(busyAlone - 1, within(1e-9)); // the idle function's one pod
  }
}
