package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.LoadPattern;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seed split: no evaluation seed is a training seed; tuning sees training rates only. */
class SeedsTest {

  @Test void evaluationSeedsAreDisjointFromTrainingSeeds() {
    for (long base : new long[] {0, 7, 11, 999_999_999L}) {
      Seeds s = new Seeds(base, Seeds.MAX_COUNT);
      Set<Long> training = new HashSet<>(s.trainingSeeds());
      // training clusters use the seed itself; the horizontal and all-nine runs never add offsets
      assertThat(training).hasSize(Seeds.MAX_COUNT);
      assertThat(s.evaluationSeeds()).doesNotContainAnyElementsOf(training).hasSize(Seeds.MAX_COUNT);
    }
    assertThat(new Seeds(7, 3).trainingSeeds()).containsExactly(7L, 8L, 9L);
    assertThat(new Seeds(7, 3).evaluationSeeds()).containsExactly(1_000_000_007L, 1_000_000_008L, 1_000_000_009L);
  }

  @Test void evaluatorsRunOnTheEvaluationSeedUnlessTold() {
    Setup s = Setup.defaults().seed(11);
    Evaluator ev = new Evaluator(s, LoadPattern.poisson(300), 12);
    assertThat(ev.clusterSeed()).isEqualTo(Seeds.evaluation(11)).isNotEqualTo(11);
    assertThat(ev.formulation()).isEqualTo(Formulation.FAASRL);
  }

  @Test void tuningDrawsTrainingRatesFromTheTrainingSeed() {
    Setup s = Setup.defaults().seed(7);
    LoadPattern p = Workload.tuning(s, 36).pattern();
    Set<Double> rates = new HashSet<>();
    for (int step = 0; step < 36; step++) {
      double r = p.rpsAt(step * s.stepSeconds() + 1);
      assertThat(r).isBetween(s.rpsLow(), s.rpsHigh());
      rates.add(r);
    }
    assertThat(rates).hasSize(3);   // a new rate every 12 steps
    assertThat(Workload.tuning(s, 36).pattern().rpsAt(1)).isEqualTo(p.rpsAt(1));
    assertThat(Workload.tuning(s.seed(8), 36).pattern().rpsAt(1)).isNotEqualTo(p.rpsAt(1));
  }

  @Test void badCountsAreRejected() {
    assertThatThrownBy(() -> new Seeds(7, 0)).hasMessageContaining("seeds must be 1..100, was 0");
    assertThatThrownBy(() -> new Seeds(-1, 3)).hasMessageContaining("seed must be >= 0");
  }
}
