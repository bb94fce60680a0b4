package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The horizontal experiment's plumbing, on a few steps: one row per agent (dqn, kpa, hpa) with the
 * numbers the summary table needs, step logs where the figures look for them, in both formulations.
 * Whether the DQN learns is a matter for {@code reproduce}, not for a seconds-long test.
 */
class HorizontalTest {
  static final int TRAIN = 4, EVAL = 3;

  @Test void evaluatesDqnKpaAndHpaWithReplicaSeconds(@TempDir Path dir) {
    List<Horizontal.Row> rows = Horizontal.run(Setup.defaults(), TRAIN, EVAL, dir, null);
    assertThat(rows).extracting(Horizontal.Row::agent).containsExactly("dqn", "kpa", "hpa");
    for (Horizontal.Row r : rows) {
      assertThat(r.seed()).isEqualTo(Setup.defaults().seed());
      assertThat(r.summary().steps()).isEqualTo(EVAL);
      assertThat(r.sloViolationRate()).isBetween(0.0, 1.0);
      // three functions, 1..10 replicas each, 10 s steps
      assertThat(r.replicaSeconds()).isBetween(3.0 * EVAL * 10, 30.0 * EVAL * 10);
      assertThat(dir.resolve(r.agent()).resolve("steps.csv")).exists();
    }
    assertThat(Files.exists(dir.resolve("train").resolve("steps.csv"))).isTrue();
    assertThat(Horizontal.markdown(rows)).startsWith("| agent | seed | SLO violations | replica-s |")
        .contains("| dqn | 7 |", "| kpa | 7 |", "| hpa | 7 |");
  }

  @Test void thePaperFormulationTrainsItsJointDqn(@TempDir Path dir) {
    List<Horizontal.Row> rows = Horizontal.run(Setup.defaults(), Formulation.PAPER, TRAIN, EVAL, dir, null);
    assertThat(rows).extracting(Horizontal.Row::agent).containsExactly("dqn", "kpa", "hpa");
    assertThat(dir.resolve("train").resolve("checkpoint").resolve("agent").resolve("agent.json")).exists();
  }
}
