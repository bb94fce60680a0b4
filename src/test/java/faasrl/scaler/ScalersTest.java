package faasrl.scaler;

import static faasrl.env.Fixtures.metrics;
import static faasrl.env.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.env.EnvSpec;
import faasrl.env.Fixtures;
import faasrl.env.Observation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baselines' decision rules on hand-made metrics. */
class ScalersTest {
  static final EnvSpec SPEC = Fixtures.spec(5000, "f");

  /** An observation at the end of the step ending at {@code time}: concurrency = rps x latency. */
  static Observation obs(ScalingConfig c, double rps, long latencyUs, double cpuUsed, double time) {
    long n = Math.round(rps * 10);
    FunctionMetrics m = metrics("f", c, latencyUs, n, n).cpuUsedCores(cpuUsed).build();
    return Fixtures.observe(step(time - 10, 0.2, m), SPEC, time);
  }

  static int replicas(faasrl.env.Agent a, Observation o) {
    return a.act(o, false).configs().get("f").replicas();
  }

  @Test void kpaScalesToObservedConcurrencyOverTarget() {
    Kpa kpa = Kpa.builder().targetConcurrency(10).build();    // 7 per pod after 0.7 utilisation
    ScalingConfig c = ScalingConfig.defaults().replicas(1);
    // 10000 rps x 2 ms = 20 concurrent: ceil(20 / 7) = 3
    assertThat(replicas(kpa, obs(c, 10000, 2000, 1, 10))).isEqualTo(3);
    assertThat(kpa.targetPerPod()).isEqualTo(7.0);
  }

  @Test void kpaDefaultsKeepOnePodForShortRequests() {
    // the production default targets 70 concurrent requests per pod: 500 rps x 2 ms = 1 is far below
    Kpa kpa = Kpa.builder().build();
    assertThat(replicas(kpa, obs(ScalingConfig.defaults(), 500, 2000, 0.5, 10))).isEqualTo(1);
  }

  @Test void kpaPanicsOnASurgeAndNeverScalesDownWhilePanicking() {
    Kpa kpa = Kpa.builder().targetConcurrency(10).build();
    ScalingConfig c = ScalingConfig.defaults().replicas(2);
    double t = 10;
    for (int i = 0; i < 6; i++, t += 10) {   // a quiet minute: 7 concurrent on 2 pods
      replicas(kpa, obs(c, 3500, 2000, 0.5, t));
    }
    // surge: 70 concurrent -> panic desired ceil(70/7) = 10 >= 2 x 2 ready: jump straight to 10,
    // although the stable window average asks for fewer
    int surge = replicas(kpa, obs(c, 35000, 2000, 2, t));
    assertThat(surge).isEqualTo(10);
    // the load drops at once; while panicking the count holds
    t += 10;
    assertThat(replicas(kpa, obs(c.replicas(10), 3500, 2000, 0.5, t))).isEqualTo(10);
    // 60 s after the last over-threshold tick panic ends and the stable rule (with /2 per step) takes over
    int r = 10;
    for (int i = 0; i < 12; i++) {
      t += 10;
      r = replicas(kpa, obs(c.replicas(r), 3500, 2000, 0.5, t));
    }
    assertThat(r).isLessThanOrEqualTo(2);
  }

  @Test void kpaStartsInPanicThenScalesDownAtMostHalfPerDecision() {
    Kpa kpa = Kpa.builder().targetConcurrency(10).build();
    ScalingConfig c = ScalingConfig.defaults().replicas(8);
    // created with 8 ready pods, Knative's autoscaler starts in panic and holds them a stable window
    assertThat(replicas(kpa, obs(c, 10, 1000, 0.01, 10))).isEqualTo(8);
    assertThat(replicas(kpa, obs(c, 10, 1000, 0.01, 70))).isEqualTo(8);
    // then a demand of 1 pod: at most halved per decision
    assertThat(replicas(kpa, obs(c, 10, 1000, 0.01, 80))).isEqualTo(4);
    assertThat(replicas(kpa, obs(c.replicas(4), 10, 1000, 0.01, 90))).isEqualTo(2);
  }

  @Test void kpaScalesToZeroAfterTheGracePeriodAndBackFromIt() {
    Kpa kpa = Kpa.builder().targetConcurrency(10).build();
    ScalingConfig one = ScalingConfig.defaults().replicas(1);
    int r = 1;
    double t = 10;
    for (; t <= 60; t += 10) {          // idle: no requests; the decider asks for 0 from t = 10
      r = replicas(kpa, obs(one, 0, 1000, 0, t));
      assertThat(r).as("within the 30 s grace period at t = %s", t).isEqualTo(t < 40 ? 1 : 0);
    }
    // requests waiting in the activator at zero replicas: 0 ready pods count as 1, the KPA scales up
    FunctionMetrics waiting = metrics("f", one.replicas(0), 1000, 50, 0).inFlight(50).readyReplicas(0).build();
    assertThat(kpa.act(Fixtures.observe(step(t, 0, waiting), SPEC, t + 10), false).configs().get("f").replicas())
        .isEqualTo(8);   // ceil(50 / 7)
    // min scale 1 never goes to zero; max scale caps
    Kpa floor = Kpa.builder().targetConcurrency(10).minScale(1).maxScale(5).build();
    assertThat(replicas(floor, obs(one, 0, 1000, 0, 100))).isEqualTo(1);
    assertThat(replicas(floor, obs(one, 35000, 2000, 2, 110))).isEqualTo(5);
    assertThatThrownBy(() -> Kpa.builder().minScale(3).maxScale(2).build()).hasMessageContaining("min scale 3");
  }

  @Test void hpaFollowsCpuUtilisationWithTolerance() {
    Hpa hpa = Hpa.builder().targetUtilisation(0.5).build();
    ScalingConfig c = ScalingConfig.defaults().cpuMillicores(1000).replicas(2);
    // sync at t = 15 falls in (10, 20]: utilisation 1.6 / 2 = 0.8 vs 0.5 -> ceil(2 x 1.6) = 4
    assertThat(replicas(hpa, obs(c, 100, 1000, 1.6, 20))).isEqualTo(4);
    // within tolerance (0.52 / 0.5 = 1.04): no change; t = 30 has a sync
    assertThat(replicas(hpa, obs(c.replicas(4), 100, 1000, 4 * 0.52, 30))).isEqualTo(4);
    // no sync between 30 and 40 (next at 45): holds even when far off
    assertThat(replicas(hpa, obs(c.replicas(4), 100, 1000, 4.0, 40))).isEqualTo(4);
    // scale-up limited to max(2x, +4) = 8 from 4
    assertThat(replicas(hpa, obs(c.replicas(4), 100, 1000, 4.0 * 1.0, 50))).isEqualTo(8);
  }

  @Test void hpaScaleDownWaitsForTheStabilisationWindow() {
    Hpa hpa = Hpa.builder().targetUtilisation(0.5).build();
    ScalingConfig c = ScalingConfig.defaults().replicas(4);
    assertThat(replicas(hpa, obs(c, 100, 1000, 2.0, 20))).isEqualTo(4);   // 0.5: on target, recommends 4
    // low load from t = 30: recommendation 1, but the highest in the last 300 s is 4
    int r = 4;
    double t = 30;
    for (; t <= 300; t += 10) {
      r = replicas(hpa, obs(c.replicas(r), 100, 1000, 0.2, t));
    }
    assertThat(r).isEqualTo(4);
    for (; t <= 360; t += 10) {
      r = replicas(hpa, obs(c.replicas(r), 100, 1000, 0.2, t));
    }
    assertThat(r).isEqualTo(1);
  }

  @Test void vpaRecommendsTheP90OfUsagePlusMargin() {
    Vpa vpa = Vpa.builder().build();
    ScalingConfig c = ScalingConfig.defaults().cpuMillicores(1000);
    double t = 10;
    for (int i = 0; i < 20; i++, t += 10) {
      vpa.act(obs(c, 100, 1000, i < 19 ? 0.2 : 0.4, t), false);   // 95% of samples at 0.2 cores
    }
    int rec = vpa.recommendation("f");
    // p90 lands in the bucket holding 0.2 cores (it ends at 0.216) plus 15%: 249m
    assertThat(rec).isBetween(230, 250);
    // 1000m is above the upper bound (p95 = 0.4 cores + 15% = 460m): the VPA applies its target
    int cpu = vpa.act(obs(c, 100, 1000, 0.2, t), false).configs().get("f").cpuMillicores();
    assertThat(cpu).isEqualTo(vpa.recommendation("f"));
    // once applied, the limit lies within [lower, upper] and stays: no churn
    assertThat(vpa.act(obs(c.cpuMillicores(cpu), 100, 1000, 0.2, t + 10), false).configs().get("f").cpuMillicores())
        .isEqualTo(cpu);
    // a limit below the lower bound (p50 + 15%) is raised to the target
    assertThat(vpa.act(obs(c.cpuMillicores(100), 100, 1000, 0.2, t + 20), false).configs().get("f").cpuMillicores())
        .isEqualTo(vpa.recommendation("f"));
  }

  @Test void vpaNeverGoesBelowItsMinimum() {
    Vpa vpa = Vpa.builder().build();
    vpa.act(obs(ScalingConfig.defaults(), 1, 1000, 0.0001, 10), false);
    assertThat(vpa.recommendation("f")).isEqualTo(25);
    assertThatThrownBy(() -> Vpa.builder().targetPercentile(0.99).build()).hasMessageContaining("within the bounds");
  }

  @Test void staticAndOracleHoldTheirConfiguration() {
    assertThat(StaticScaler.productionDefault().act(obs(ScalingConfig.defaults().cpuMillicores(300), 1, 1, 0, 10), false)
        .configs().get("f")).isEqualTo(ScalingConfig.defaults());
    StaticScaler oracle = StaticScaler.named("oracle", java.util.Map.of("f", ScalingConfig.defaults().cpuMillicores(230)));
    assertThat(oracle.name()).isEqualTo("oracle");
    assertThat(oracle.act(obs(ScalingConfig.defaults(), 1, 1, 0, 10), false).configs().get("f").cpuMillicores())
        .isEqualTo(230);
  }

  @Test void kpaPanicStateIsSavedAndRestored(@TempDir Path dir) throws Exception {
    Kpa a = Kpa.builder().targetConcurrency(10).build();
    ScalingConfig c = ScalingConfig.defaults().replicas(1);
    assertThat(replicas(a, obs(c, 35000, 2000, 2, 10))).isEqualTo(10);   // 70 concurrent: panic to 10
    a.save(dir);
    Kpa b = Kpa.builder().targetConcurrency(10).build();
    b.load(dir);
    // 70 s later at 7 concurrent: the restored KPA's panic (from t = 10) is over and its stable window
    // averages (70 + 7) / 2 -> ceil(38.5 / 7) = 6; a fresh one starts in panic holding the 10 ready pods
    assertThat(replicas(b, obs(c.replicas(10), 3500, 2000, 0.5, 80))).isEqualTo(6);
    assertThat(replicas(Kpa.builder().targetConcurrency(10).build(), obs(c.replicas(10), 3500, 2000, 0.5, 80)))
        .isEqualTo(10);
  }

  @Test void historyIsSavedAndRestored(@TempDir Path dir) throws Exception {
    Hpa a = Hpa.builder().targetUtilisation(0.5).build();
    ScalingConfig c = ScalingConfig.defaults().replicas(4);
    replicas(a, obs(c, 100, 1000, 2.0, 20));
    a.save(dir);
    Hpa b = Hpa.builder().targetUtilisation(0.5).build();
    b.load(dir);
    // at 2 replicas and low load the restored HPA still holds its recommendation of 4; a fresh one
    // seeds its window with the current 2 and keeps 2
    ScalingConfig two = c.replicas(2);
    assertThat(replicas(b, obs(two, 100, 1000, 0.2, 30))).isEqualTo(4);
    assertThat(replicas(Hpa.builder().targetUtilisation(0.5).build(), obs(two, 100, 1000, 0.2, 30))).isEqualTo(2);
  }
}
