package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.env.ScalingEnv;
import faasrl.env.Termination;
import faasrl.rl.DqnAgent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Pre-training from rule-based scalers, guarded exploration and violations reported while training. */
class GuardedTrainingTest {

  @Test void pretrainsFromTheScalersThenGuardsWhileTheSloIsMissed(@TempDir Path dir) {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    Table t;
    try (Cluster c = Clusters.simulated().workers(1).coresPerWorker(8).seed(3).start()) {
      // every episode starts starved (30m at 300 RPS), so the SLO is missed at first
      ScalingEnv env = ScalingEnv.vertical(c, "adservice").slo(Duration.ofMillis(5)).load(LoadPattern.poisson(300))
          .resetConfig(ScalingConfig.defaults().cpuMillicores(30)).termination(Termination.truncateAfter(6)).seed(1)
          .build();
      DqnAgent agent = Setup.dqn(40).learningStarts(8).batchSize(8).seed(1).build(env);
      t = Experiment.train(agent, env).pretrainFrom(Comparison.Pretraining.of("kpa,vpa", 12).scalers(), 12)
          .guard(Setup.guard()).steps(30).progress(new PrintStream(progress, true)).run().steps();
    }
    assertThat(t.rowCount()).isEqualTo(30);
    List<String> labels = t.stringColumn("action_label").asList();
    // episodes of 6 steps: KPA acts in the first, VPA in the second, then the agent
    assertThat(labels.subList(0, 6)).allMatch(l -> l.startsWith("pretrain-kpa "));
    assertThat(labels.subList(6, 12)).allMatch(l -> l.startsWith("pretrain-vpa "));
    assertThat(labels.subList(12, 30)).noneMatch(l -> l.startsWith("pretrain-"));
    // the guard decides only after a missed step, and then raises the limit (+30m is the largest step)
    List<Boolean> met = t.booleanColumn("slo_met").asList();
    List<Integer> episodeStep = t.intColumn("episode_step").asList();
    int guarded = 0;
    for (int i = 12; i < 30; i++) {
      if (labels.get(i).startsWith("guard-slo ")) {
        guarded++;
        assertThat(labels.get(i)).endsWith("cpu+30");
        if (episodeStep.get(i) > 1) {
          assertThat(met.get(i - 1)).as("step %d follows a miss", i).isFalse();
        }
      }
    }
    assertThat(guarded).isPositive();
    assertThat(progress.toString()).contains("dqn training: SLO missed in ").contains(" of 30 steps");
    // the exploration schedule only counts the agent's own steps
    assertThat(t.doubleColumn("epsilon").get(11)).isEqualTo(1.0);
  }

  @Test void badPretrainingIsRejected() {
    assertThatThrownBy(() -> Comparison.Pretraining.of("kpa,oracle", 10)).hasMessageContaining("kpa, hpa or vpa")
        .hasMessageContaining("oracle");
    assertThatThrownBy(() -> Comparison.Pretraining.of("", 10)).hasMessageContaining("at least one");
    assertThatThrownBy(() -> Comparison.Pretraining.of("kpa", -1)).hasMessageContaining(">= 0");
  }

  @Test void theTrainingLoadsConstantWeightIsCheckedWhereverASetupIsMade() {
    assertThat(Setup.defaults().constantWeight(3).trainingLoads().toString()).contains("constant x3");
    assertThatThrownBy(() -> Setup.defaults().constantWeight(0)).hasMessage("constant weight must be >= 1, was 0");
    Setup d = Setup.defaults();
    assertThatThrownBy(() -> new Setup(d.function(), d.slo(), d.bounds(), d.stepSeconds(), d.rpsLow(), d.rpsHigh(),
        d.seed(), d.clusters(), -1)).hasMessage("constant weight must be >= 1, was -1");
  }
}
