package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.function.Catalog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The all-nine experiment: in the default formulation one trained agent scales every function. */
class AllNineTest {
  static final PaperExperiments.Sizes TINY = new PaperExperiments.Sizes(48, 12, 48, 48, 48);

  @Test void oneTrainedAgentScalesEveryFunction(@TempDir Path dir) throws Exception {
    Setup setup = Setup.defaults();
    Path run = dir.resolve("comparison");
    Comparison.trainDqn(setup, Setup.dqn(TINY.trainingSteps()), TINY.trainingSteps(), run.resolve("train-dqn"), null,
        false, 0);

    String md = PaperExperiments.allNine(setup, Formulation.FAASRL, TINY, dir, PaperExperiments.trainedAgent(run), null);

    assertThat(md).contains("One DQN scales every function: the comparison's, trained on adservice only");
    for (String f : Catalog.onlineShop().names()) {
      assertThat(md).contains("| " + f + " |");
      assertThat(dir.resolve("vertical-all").resolve(f).resolve("dqn").resolve("steps.csv")).isRegularFile();
      // Nothing trained per function.
      assertThat(dir.resolve("vertical-all").resolve(f).resolve("train")).doesNotExist();
    }
    assertThat(dir.resolve("figures").resolve("vertical_all_cpu_limit.html")).isRegularFile();
  }

  @Test void refusesToStartWithoutTheComparisonsAgent(@TempDir Path dir) {
    Path missing = PaperExperiments.trainedAgent(dir.resolve("comparison"));
    assertThatThrownBy(() -> PaperExperiments.allNine(Setup.defaults(), Formulation.FAASRL, TINY, dir, missing, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(missing + " holds no trained agent: run the comparison first");
    assertThat(dir.resolve("vertical-all")).doesNotExist();
  }
}
