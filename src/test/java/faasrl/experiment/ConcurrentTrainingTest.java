package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Training RL4J and the horizontal agent beside the DQN changes when things run, not what they
 * give: every row of the comparison, RL4J's and the horizontal experiment's included, is the one the
 * sequential run gives (only the wall times differ).
 */
class ConcurrentTrainingTest {

  @Test void besideGivesTheSequentialRunsRows(@TempDir Path dir) throws Exception {
    Comparison c = Comparison.of(Setup.defaults()).trainingSteps(12).rl4jSteps(12).evalSteps(Summary.CONVERGENCE_WINDOW)
        .horizontalSteps(4);
    Table sequential = withoutWallTimes(c.run(dir.resolve("sequential"), null));
    Table beside = withoutWallTimes(c.concurrentTraining(true).run(dir.resolve("beside"), null));

    assertThat(sequential.stringColumn("agent").asList()).contains("dqn", "rl4j", "oracle");
    assertThat(sequential.stringColumn("workload").asList()).contains(Comparison.HORIZONTAL);
    assertThat(beside.printAll()).isEqualTo(sequential.printAll());
    assertThat(dir.resolve("beside/train-rl4j/steps.csv")).exists();
    assertThat(dir.resolve("beside/horizontal/train/steps.csv")).exists();
  }

  private static Table withoutWallTimes(Table t) {
    return t.removeColumns("train_wall_s");
  }
}
