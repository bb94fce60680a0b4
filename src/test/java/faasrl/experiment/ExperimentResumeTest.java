package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cluster.Cluster;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.Node;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.FunctionSpec;
import faasrl.scaler.Kpa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming in-process: a rule-based scaler's evaluation (configurations asked for directly, state
 * of its own) continues into the same log as an uninterrupted run on the simulator, and on a
 * backend that cannot be replayed the run's files say the resume started from a fresh cluster.
 */
class ExperimentResumeTest {
  static final Setup SETUP = Setup.defaults().stepSeconds(5);
  static final LoadPattern LOAD = LoadPattern.step(100, 400, 20);

  static RunResult evaluate(Path out, long steps, boolean resume, boolean deterministic) {
    try (Cluster c = deterministic ? SETUP.cluster(1) : new NotDeterministic(SETUP.cluster(1))) {
      return Experiment.evaluate(Kpa.builder().build(), SETUP.evaluation(c, LOAD)).steps(steps).out(out)
          .checkpointEvery(3).resume(resume).run();
    }
  }

  @Test void anEvaluationResumedOnTheSimulatorLogsWhatAnUninterruptedOneDoes(@TempDir Path dir) throws Exception {
    evaluate(dir.resolve("whole"), 10, false, true);
    evaluate(dir.resolve("resumed"), 6, false, true);
    // as if killed after step 7 was logged: the rows after the checkpoint of step 6 are run again
    Path csv = dir.resolve("resumed/steps.csv");
    List<String> whole = Files.readAllLines(dir.resolve("whole/steps.csv"));
    Files.write(csv, whole.subList(0, 9), java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    evaluate(dir.resolve("resumed"), 10, true, true);
    assertThat(Files.readAllLines(csv)).containsExactlyElementsOf(whole);
    assertThat(Files.mismatch(csv, dir.resolve("whole/steps.csv"))).isEqualTo(-1L);
    assertThat(Files.readString(dir.resolve("resumed/resume.log"))).contains("resumed at step 6").contains("replayed");
  }

  @Test void onABackendThatCannotBeReplayedTheRunSaysTheResumeStartedFromAFreshClusterState(@TempDir Path dir)
      throws Exception {
    evaluate(dir, 4, false, false);
    RunResult r = evaluate(dir, 6, true, false);
    assertThat(r.steps().rowCount()).isEqualTo(6);
    assertThat(r.steps().intColumn("step").asList()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(Files.readString(dir.resolve("resume.log"))).contains("resumed at step 4 from a fresh cluster state");
  }

  /** A simulated cluster that says it cannot be replayed, as the local and knative backends do. */
  record NotDeterministic(Cluster c) implements Cluster {
    @Override public String backend() {
      return c.backend();
    }

    @Override public List<Node> nodes() {
      return c.nodes();
    }

    @Override public Cluster deploy(FunctionSpec spec, ScalingConfig config) {
      c.deploy(spec, config);
      return this;
    }

    @Override public Cluster scale(String function, ScalingConfig config) {
      c.scale(function, config);
      return this;
    }

    @Override public ScalingConfig config(String function) {
      return c.config(function);
    }

    @Override public List<String> functions() {
      return c.functions();
    }

    @Override public Cluster remove(String function) {
      c.remove(function);
      return this;
    }

    @Override public StepResult run(Load load) {
      return c.run(load);
    }

    @Override public Duration clock() {
      return c.clock();
    }

    @Override public void close() {
      c.close();
    }
  }
}
