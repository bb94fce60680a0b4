package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import faasrl.cluster.ScalingConfig;
import faasrl.env.Agent;
import faasrl.scaler.RuleBased;
import faasrl.scaler.StaticScaler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The validation loads: what they hold, and how an agent is scored on them. */
class ValidationTest {
  @Test void fourSetsOnClusterSeedsNoReproduceRunUses() {
    Validation v = Validation.of(Setup.defaults());
    Map<Validation.LoadSet, Long> perSet = v.loads().stream()
        .collect(Collectors.groupingBy(Validation.Load::set, Collectors.counting()));
    assertThat(perSet).containsEntry(Validation.LoadSet.CONSTANT, 4L).containsEntry(Validation.LoadSet.BURSTS, 4L)
        .containsEntry(Validation.LoadSet.MIXED, 6L).containsEntry(Validation.LoadSet.RAMPS, 4L);
    assertThat(v.loads()).extracting(Validation.Load::clusterSeed).doesNotHaveDuplicates()
        .allMatch(s -> s >= 3000 && s <= 3403);
    assertThat(v.loads()).filteredOn(l -> l.set() == Validation.LoadSet.CONSTANT).extracting(Validation.Load::steps)
        .containsOnly(Validation.CONSTANT_STEPS);
  }

  @Test void scaleShortensEveryLoadToAtLeastThreeSteps() {
    Validation v = Validation.of(Setup.defaults()).scale(0.1);
    assertThat(v.loads()).extracting(Validation.Load::steps).containsOnly(9, 6, 4);
    assertThat(Validation.of(Setup.defaults()).scale(0.001).loads()).extracting(Validation.Load::steps).containsOnly(3);
    assertThatThrownBy(() -> Validation.of(Setup.defaults()).scale(0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> Validation.of(Setup.defaults()).scale(1.5)).hasMessageContaining("(0, 1]");
  }

  @Test void scoresAnAgentAgainstTheOraclesTheSameWayTwice() {
    Validation v = Validation.of(Setup.defaults()).scale(0.05);
    double[] oracle = v.oracleCpu();
    assertThat(oracle).hasSize(4);
    // more load needs more CPU to meet the SLO
    assertThat(oracle[3]).isGreaterThan(oracle[0]);
    StaticScaler full = StaticScaler.of(ScalingConfig.defaults().cpuMillicores(1000));
    Validation.Scores s = v.score("static", full);
    assertThat(s.rows().rowCount()).isEqualTo(18);
    assertThat(s.rows().intColumn("final_cpu_m").asList()).containsOnly(1000);
    double cpu = s.cpu("static", Validation.LoadSet.CONSTANT);
    assertThat(cpu).isBetween(0.9, 1.1);
    assertThat(s.constantOverOracle("static")).isCloseTo(cpu / mean(oracle) - 1, within(1e-9));
    Validation.Scores both = s.and(v.score("static again", full));
    assertThat(both.agents()).containsExactly("static", "static again");
    assertThat(both.violations("static again", Validation.LoadSet.BURSTS))
        .isEqualTo(s.violations("static", Validation.LoadSet.BURSTS));
    assertThat(both.markdown()).contains("| static | ").contains(" / 1000m |")
        // the same scaler twice: no spread
        .containsPattern("\\| mean of 2, ± 95% interval \\| [0-9.]+% ± 0\\.0, [+-][0-9]+% ± 0 \\| \\| [0-9.]+% ± 0\\.0 / ");
  }

  @Test void scoresAFreshAgentOnEveryLoadWhenGivenASupplier() {
    Validation v = Validation.of(Setup.defaults()).scale(0.05);
    List<Agent> made = new ArrayList<>();
    Validation.Scores s = v.score("hpa", () -> {
      Agent a = RuleBased.byName("hpa");
      made.add(a);
      return a;
    });
    assertThat(made).hasSize(v.loads().size()).doesNotHaveDuplicates();
    assertThat(s.rows().rowCount()).isEqualTo(v.loads().size());
  }

  private static double mean(double[] v) {
    double m = 0;
    for (double x : v) {
      m += x / v.length;
    }
    return m;
  }
}
