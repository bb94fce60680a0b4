package faasrl.env;

import static faasrl.env.Fixtures.metrics;
import static faasrl.env.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Per-episode training patterns, the state's history and the nearest action to a rule's request. */
class TrainingLoadAndHistoryTest {
  static final ScalingConfig C = ScalingConfig.defaults().cpuMillicores(100);

  @Test void episodesDrawEveryKindWithinTheRatesReproducibly() {
    EpisodeLoads loads = EpisodeLoads.mixed(50, 500, 240);
    SplittableRandom rng = new SplittableRandom(3);
    Set<String> shapes = new HashSet<>();
    for (int e = 0; e < 60; e++) {
      double start = e * 250;
      LoadPattern p = loads.draw(rng, start);
      shapes.add(p.describe().replaceAll("[^a-z].*", ""));
      for (double t = start; t < start + 240; t += 5) {
        assertThat(p.rpsAt(t)).as(p.describe()).isBetween(50.0, 500.0);
      }
      assertThat(p.poisson()).isTrue();
    }
    assertThat(shapes).containsAll(List.of("poisson", "step", "diurnal", "bursty"));
    LoadPattern a = loads.draw(new SplittableRandom(9), 0), b = loads.draw(new SplittableRandom(9), 0);
    assertThat(a.describe()).isEqualTo(b.describe());
  }

  @Test void aConstantWeightOfThreeMakesHalfTheEpisodesConstant() {
    EpisodeLoads even = EpisodeLoads.mixed(50, 500, 240), steady = even.constantWeight(3);
    int n = 6000, constant = 0;
    SplittableRandom rng = new SplittableRandom(5);
    for (int e = 0; e < n; e++) {
      constant += steady.draw(rng, 0).describe().startsWith("poisson") ? 1 : 0;
    }
    assertThat(constant / (double) n).isCloseTo(0.5, offset(0.03));   // 3 of 6 draws; an even mix gives 1 of 4
    assertThat(steady.kinds()).isEqualTo(even.kinds());
    assertThat(even.constantWeight(1).draw(new SplittableRandom(9), 0).describe())
        .isEqualTo(even.draw(new SplittableRandom(9), 0).describe());
    assertThatThrownBy(() -> even.constantWeight(0)).hasMessageContaining("constant weight must be >= 1, was 0");
  }

  @Test void aTraceIsReplayedFromARandomPoint() {
    double[] perSecond = new double[600];
    for (int i = 0; i < perSecond.length; i++) {
      perSecond[i] = 100 + i;
    }
    EpisodeLoads loads = EpisodeLoads.constant(50, 60, 240).withTrace(LoadPattern.trace(perSecond), 600);
    assertThat(loads.kinds()).containsExactly(EpisodeLoads.Kind.CONSTANT, EpisodeLoads.Kind.TRACE);
    SplittableRandom rng = new SplittableRandom(1);
    boolean replayed = false;
    for (int e = 0; e < 20 && !replayed; e++) {
      LoadPattern p = loads.draw(rng, 1000);
      replayed = p.rpsAt(1000) >= 100;
      if (replayed) {
        assertThat(p.rpsAt(1010) - p.rpsAt(1000)).isCloseTo(10, offset(1e-9));   // the trace's own slope
      }
    }
    assertThat(replayed).isTrue();
    assertThatThrownBy(() -> EpisodeLoads.mixed(0, 10, 240)).hasMessageContaining("rps range");
    assertThatThrownBy(() -> loads.withTrace(LoadPattern.poisson(1), 0)).hasMessageContaining("trace length");
  }

  @Test void historyAddsRecentRateThePeakAndTheP90Trend() {
    EnvSpec spec = new EnvSpec(List.of("a"), Map.of("a", 1000.0), 10, Bounds.of(20, 2000, 1, 10),
        ActionSpace.vertical(List.of("a"), 30), StateEncoders.HISTORY_FEATURES, 0.01);
    // asked rates 100, 400, 100, 100 RPS (1000, 4000, 1000, 1000 requests per 10 s); p90 500 us then 2000 us
    List<StepResult> recent = List.of(
        step(0, 0.1, metrics("a", C, 500, 1000, 1000).build()),
        step(10, 0.1, metrics("a", C, 500, 4000, 4000).build()),
        step(20, 0.1, metrics("a", C, 500, 1000, 1000).build()),
        step(30, 0.1, metrics("a", C, 2000, 1000, 1000).build()));
    StateEncoder h = StateEncoders.withHistory();
    double[] s = h.encode(recent, Map.of("a", C), spec);
    assertThat(s).hasSize(StateEncoders.HISTORY_FEATURES);
    double[] now = StateEncoders.normalised().encode(recent.get(3), Map.of("a", C), spec);
    for (int i = 0; i < StateEncoders.NORMALISED_FEATURES; i++) {
      assertThat(s[i]).isEqualTo(now[i]);
    }
    assertThat(s[8]).isCloseTo(0.2, offset(1e-9));                 // mean of 400, 100, 100 RPS / 1000
    assertThat(s[9]).isCloseTo(0.4, offset(1e-9));                 // peak 400 RPS / 1000
    assertThat(s[10]).isCloseTo((2.0 - 0.5) / 4, offset(1e-9));    // p90/SLO from 0.5 to 2, over 4
    // one step of history: no trend, the rate is its own mean and peak
    double[] first = h.encode(recent.subList(0, 1), Map.of("a", C), spec);
    assertThat(first[8]).isEqualTo(first[9]).isCloseTo(0.1, offset(1e-9));
    assertThat(first[10]).isZero();
    assertThat(StateEncoders.named("history").name()).isEqualTo("history");
  }

  @Test void historyLooksAtItsOwnWindowOfWhatItIsGiven() {
    EnvSpec spec = new EnvSpec(List.of("a"), Map.of("a", 1000.0), 10, Bounds.of(20, 2000, 1, 10),
        ActionSpace.vertical(List.of("a"), 30), StateEncoders.HISTORY_FEATURES, 0.01);
    // a 900-RPS burst, then HISTORY_STEPS quiet steps: the burst has left the window
    List<StepResult> remembered = new ArrayList<>();
    remembered.add(step(0, 0.1, metrics("a", C, 500, 9000, 9000).build()));
    for (int i = 1; i <= StateEncoders.HISTORY_STEPS; i++) {
      remembered.add(step(10 * i, 0.1, metrics("a", C, 500, 1000, 1000).build()));
    }
    StateEncoder h = StateEncoders.withHistory();
    double[] all = h.encode(remembered, Map.of("a", C), spec);
    double[] window = h.encode(remembered.subList(1, remembered.size()), Map.of("a", C), spec);
    assertThat(all).containsExactly(window);
    assertThat(all[9]).isCloseTo(0.1, offset(1e-9));   // the peak is the quiet rate's, not the burst's
  }

  @Test void theEnvironmentFeedsTheEpisodesHistoryAndClearsItOnReset() {
    try (Cluster c = Clusters.simulated().workers(1).coresPerWorker(8).seed(3).start()) {
      ScalingEnv env = ScalingEnv.vertical(c, "adservice").episodeLoads(EpisodeLoads.mixed(100, 300, 40))
          .termination(Termination.truncateAfter(4)).seed(2).build();
      Observation o = env.reset();
      double peak = o.state()[9];
      for (int i = 0; i < 3; i++) {
        o = env.step(Action.keep(o)).observation();
        peak = Math.max(peak, o.last().function("adservice").askedRps() / 1000);
        assertThat(o.state()[9]).isCloseTo(peak, offset(1e-9));
      }
      Observation fresh = env.reset();
      assertThat(fresh.state()[9]).isCloseTo(fresh.last().function("adservice").askedRps() / 1000, offset(1e-9));
      assertThat(env.episodeLoad().get("adservice").rpsAt(env.state().timeSeconds())).isBetween(100.0, 300.0);
    }
  }

  @Test void aRulesRequestMapsToTheNearestAction() {
    ActionSpace a = ActionSpace.cpu(List.of("f"), -30, -10, 0, 10, 30);
    Bounds b = Bounds.of(20, 1000, 1, 10);
    Map<String, ScalingConfig> now = Map.of("f", C);
    assertThat(a.describe(a.nearest(Map.of("f", C.cpuMillicores(400)), now, b))).isEqualTo("f cpu+30");
    assertThat(a.describe(a.nearest(Map.of("f", C.cpuMillicores(92)), now, b))).isEqualTo("f cpu-10");
    assertThat(a.nearest(now, now, b)).isEqualTo(a.noop());
    // two replicas of 100m in a CPU-only space: the CPU step nearest 200m in all
    assertThat(a.describe(a.nearest(Map.of("f", C.replicas(2)), now, b))).isEqualTo("f cpu+30");
    ActionSpace h = ActionSpace.horizontal(List.of("f"));
    assertThat(h.describe(h.nearest(Map.of("f", C.replicas(3)), now, b))).isEqualTo("f replicas+1");
  }
}
