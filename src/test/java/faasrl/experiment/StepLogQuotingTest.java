package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.Cluster;
import faasrl.env.Action;
import faasrl.env.Agent;
import faasrl.env.Observation;
import faasrl.scaler.Kpa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Names and labels holding a comma or a quote go through {@code steps.csv} whole: quoted as CSV
 * quotes them, read back by Tablesaw and by {@link StepLog#steps}, and replayed on resume into a
 * log byte for byte the uninterrupted run's. Ordinary rows stay plain comma-joined text.
 */
class StepLogQuotingTest {
  static final Setup SETUP = Setup.defaults().stepSeconds(5);
  static final String AGENT = "kpa, \"tuned\"";
  static final String TEACHER = "vpa, \"teacher\"";

  /** A rule-based scaler under another name. */
  record Named(String name, Agent agent) implements Agent {
    @Override public Action act(Observation observation, boolean explore) {
      return agent.act(observation, explore);
    }
  }

  /** Trains {@link #AGENT}, pre-trained for 6 steps by {@link #TEACHER}, whose labels name it. */
  static RunResult train(Path out, long steps, boolean resume) {
    try (Cluster c = SETUP.cluster(0)) {
      return Experiment.train(new Named(AGENT, Kpa.builder().build()), SETUP.training(c))
          .pretrainFrom(List.of(new Named(TEACHER, Kpa.builder().build())), 6).steps(steps).out(out)
          .checkpointEvery(3).resume(resume).run();
    }
  }

  @Test void aCommaAndAQuoteInTheAgentAndTheActionLabelRoundTripThroughResume(@TempDir Path dir) throws Exception {
    Path whole = dir.resolve("whole/steps.csv");
    train(dir.resolve("whole"), 10, false);
    List<String> lines = Files.readAllLines(whole);
    assertThat(lines.get(1)).startsWith("\"kpa, \"\"tuned\"\"\",0,").contains(",\"pretrain-vpa, \"\"teacher\"\" ");

    Table t = StepLog.read(whole);
    assertThat(t.rowCount()).isEqualTo(10);
    assertThat(t.stringColumn("agent").unique().asList()).containsExactly(AGENT);
    assertThat(t.stringColumn("action_label").get(0)).startsWith("pretrain-" + TEACHER + " ");
    assertThat(t.stringColumn("action_label").get(9)).isEqualTo("set");
    List<LoggedStep> steps = StepLog.steps(whole, 10);
    assertThat(steps).hasSize(10);
    assertThat(steps.get(0).function(0)).isEqualTo(SETUP.function());
    assertThat(steps.get(0).action()).isGreaterThanOrEqualTo(0);

    // killed after step 7 was logged: the rows after the checkpoint of step 6 are run again
    Path resumed = dir.resolve("resumed/steps.csv");
    train(dir.resolve("resumed"), 6, false);
    Files.write(resumed, lines.subList(0, 9), StandardOpenOption.TRUNCATE_EXISTING);
    train(dir.resolve("resumed"), 10, true);
    assertThat(Files.mismatch(resumed, whole)).isEqualTo(-1L);
    assertThat(Files.readString(dir.resolve("resumed/resume.log"))).contains("replayed");
  }

  @Test void ordinaryRowsAreTheCellsJoinedByCommas(@TempDir Path dir) throws Exception {
    train(dir, 4, false);
    List<String> lines = Files.readAllLines(dir.resolve("steps.csv"));
    assertThat(lines.get(0)).isEqualTo(String.join(",", StepLog.COLUMNS));
    Table t = StepLog.read(dir.resolve("steps.csv"));
    // the action label of a pre-training step, e.g. "pretrain-vpa, "teacher" adservice cpu+30", has a plain tail
    String label = t.stringColumn("action_label").get(0);
    assertThat(label.substring(("pretrain-" + TEACHER + " ").length())).matches("[a-z]+ (cpu|replicas)[-+0-9%]+|noop");
    for (String line : lines.subList(1, lines.size())) {
      assertThat(line.split(",", -1)).hasSize(StepLog.COLUMNS.size() + 2); // the two quoted cells each hold one comma
    }
  }

  @Test void aLineBreakInALabelIsRefusedBeforeTheStepIsWritten(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> {
      try (Cluster c = SETUP.cluster(0)) {
        Experiment.evaluate(new Named("two\nlines", Kpa.builder().build()), SETUP.evaluation(c,
            faasrl.cluster.LoadPattern.constant(100))).steps(2).out(dir).run();
      }
    }).hasStackTraceContaining("holds a line break");
    assertThat(Files.readString(dir.resolve("steps.csv"))).isEqualTo(String.join(",", StepLog.COLUMNS) + "\n");
  }
}
