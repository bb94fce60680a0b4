package faasrl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment on the simulated cluster (the default backend, not a mock). */
class ScalingEnvTest {

  static Cluster cluster() {
    return Clusters.simulated().workers(2).coresPerWorker(8).seed(3).start();
  }

  @Test void stepsApplyActionsWithinBoundsAndKeepPatternTimeRunning() {
    try (Cluster c = cluster()) {
      ScalingEnv env = ScalingEnv.vertical(c, "adservice").slo(Duration.ofMillis(5))
          .load(LoadPattern.step(100, 400, 25).asPoisson()).bounds(Bounds.of(40, 160, 1, 1)).seed(1).build();
      assertThat(c.functions()).contains("adservice");
      Observation o = env.reset();
      assertThat(o.config("adservice").cpuMillicores()).isEqualTo(100);
      assertThat(o.state()).hasSize(env.spec().stateSize()).hasSize(StateEncoders.HISTORY_FEATURES);
      assertThat(o.stepSeconds()).isEqualTo(10);
      StepOutcome up = env.step(env.action(2, o));                        // +30m
      assertThat(c.config("adservice").cpuMillicores()).isEqualTo(130);
      assertThat(up.result().function("adservice").askedRps()).isCloseTo(100, org.assertj.core.data.Offset.offset(1.0));
      StepOutcome up2 = env.step(env.action(2, up.observation()));        // +30m clamps at 160
      assertThat(up2.applied().configs().get("adservice").cpuMillicores()).isEqualTo(160);
      // third step covers pattern time 30..40 s, after the step to 400 RPS at 25 s
      StepOutcome third = env.step(env.action(1, up2.observation()));
      assertThat(third.result().function("adservice").askedRps()).isCloseTo(400, org.assertj.core.data.Offset.offset(1.0));
      assertThat(env.state().timeSeconds()).isEqualTo(40);
      assertThat(env.state().episodeStep()).isEqualTo(3);
    }
  }

  @Test void rewardAndSloFollowTheStep() {
    try (Cluster c = cluster()) {
      ScalingEnv env = ScalingEnv.vertical(c, "adservice").slo(Duration.ofMillis(5)).load(LoadPattern.poisson(300))
          .resetConfig(ScalingConfig.defaults().cpuMillicores(1000)).seed(1).build();
      Observation o = env.reset();
      StepOutcome ample = env.step(Action.keep(o));
      assertThat(ample.sloMet()).isTrue();
      // 40m cannot serve 300 RPS of ~0.4 ms each: the SLO fails and the reward drops
      StepOutcome starved = env.step(Action.configs(Map.of("adservice", ScalingConfig.defaults().cpuMillicores(40))));
      StepOutcome starved2 = env.step(Action.keep(starved.observation()));
      assertThat(starved2.sloMet()).isFalse();
      assertThat(starved2.reward()).isLessThan(ample.reward() - 1);
    }
  }

  @Test void restoreContinuesAtTheSavedTimeAndConfiguration() {
    EnvState saved;
    try (Cluster c = cluster()) {
      ScalingEnv env = ScalingEnv.vertical(c, "adservice").rpsPerEpisode(100, 200).seed(5).build();
      Observation o = env.reset();
      env.step(env.action(2, o));
      saved = env.state();
    }
    try (Cluster c = cluster()) {
      ScalingEnv env = ScalingEnv.vertical(c, "adservice").rpsPerEpisode(100, 200).seed(5).build();
      Observation o = env.restore(saved);
      assertThat(o.config("adservice").cpuMillicores()).isEqualTo(130);
      assertThat(c.config("adservice").cpuMillicores()).isEqualTo(130);
      assertThat(env.state()).isEqualTo(saved);
      assertThat(env.step(Action.keep(o)).observation().stepSeconds()).isEqualTo(saved.timeSeconds() + 10);
    }
  }

  @Test void badInputIsRejectedWithClearMessages() {
    try (Cluster c = cluster()) {
      assertThatThrownBy(() -> ScalingEnv.vertical(c, "adservice").stepSeconds(0)).hasMessageContaining("step length");
      assertThatThrownBy(() -> ScalingEnv.vertical(c, "adservice").slo("cartservice", Duration.ofMillis(1)).build())
          .hasMessageContaining("cartservice");
      ScalingEnv env = ScalingEnv.vertical(c, "adservice").build();
      assertThatThrownBy(() -> env.step(Action.configs(Map.of()))).hasMessageContaining("reset()");
      env.reset();
      assertThatThrownBy(() -> env.step(Action.configs(Map.of("cartservice", ScalingConfig.defaults()))))
          .hasMessageContaining("does not scale");
    }
  }
}
