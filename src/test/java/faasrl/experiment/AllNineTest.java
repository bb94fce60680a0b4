package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.LoadPattern;
import faasrl.function.Catalog;
import faasrl.rl.DqnAgent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The all-nine experiment: in the default formulation the comparison's trained agents scale every function. */
class AllNineTest {
  static final PaperExperiments.Sizes TINY = new PaperExperiments.Sizes(48, 12, 48, 48, 48);

  @Test void everyTrainedAgentScalesEveryFunctionOnItsOwnEvaluationSeed(@TempDir Path dir) throws Exception {
    Setup setup = Setup.defaults();
    List<Path> agents = new ArrayList<>();
    for (long seed : List.of(7L, 8L)) {
      Path run = dir.resolve("comparison").resolve("seed-" + seed);
      Comparison.trainDqn(setup.seed(seed), Setup.dqn(TINY.trainingSteps()), TINY.trainingSteps(),
          run.resolve("train-dqn"), null, false, 0);
      agents.add(PaperExperiments.trainedAgent(run));
    }

    String md = PaperExperiments.allNine(setup, Formulation.FAASRL, TINY, dir, agents, 2, null);

    assertThat(md).contains("The comparison's DQNs (seeds 7, 8), trained on adservice only");
    for (String f : Catalog.onlineShop().names()) {
      // A row per function: the mean, then each agent's value.
      assertThat(md).containsPattern("\\| " + f + " \\| \\d+ \\| \\d+ \\(\\d+, \\d+\\) \\|");
      for (long seed : List.of(7L, 8L)) {
        Path log = dir.resolve("vertical-all").resolve(f).resolve("seed-" + seed).resolve("dqn").resolve("steps.csv");
        assertThat(log).isRegularFile();
      }
      // Nothing trained per function.
      assertThat(dir.resolve("vertical-all").resolve(f).resolve("train")).doesNotExist();
    }
    // Agent 8 ran on seed 8's evaluation seed (the Evaluator's default for it): that run again gives the same log.
    Setup ad = setup.slo(PaperExperiments.functionSlo(setup)).seed(8);
    new Evaluator(ad, LoadPattern.poisson(200), TINY.evalSteps()).run(DqnAgent.restore(agents.get(1)), dir.resolve("again"));
    assertThat(p90s(dir.resolve("again/steps.csv")))
        .containsExactly(p90s(dir.resolve("vertical-all/adservice/seed-8/dqn/steps.csv")));
    assertThat(md).containsPattern("Mean CPU within 20% of the oracle's: \\d of 9 functions");
    // Two functions at a time share each agent between threads; one at a time gives the same section.
    assertThat(PaperExperiments.allNine(setup, Formulation.FAASRL, TINY, dir.resolve("one"), agents, 1, null))
        .isEqualTo(md);
    assertThat(dir.resolve("figures").resolve("vertical_all_cpu_limit.html")).isRegularFile();
  }

  private static double[] p90s(Path stepsCsv) throws Exception {
    return Table.read().csv(stepsCsv.toFile()).numberColumn("p90_us").asDoubleArray();
  }

  @Test void refusesToStartWithoutTheComparisonsAgent(@TempDir Path dir) {
    Path missing = PaperExperiments.trainedAgent(dir.resolve("comparison"));
    assertThatThrownBy(() -> PaperExperiments.allNine(Setup.defaults(), Formulation.FAASRL, TINY, dir, List.of(missing),
        null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(missing + " holds no trained agent: run the comparison first");
    assertThat(dir.resolve("vertical-all")).doesNotExist();
  }
}
