package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import faasrl.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Kills {@code faasrl train} in a child JVM with SIGKILL at a random step, resumes it, and checks
 * that the step log is byte for byte the uninterrupted run's: on the simulator a resumed run is the
 * same experiment.
 */
class ResumeAfterKillTest {
  static final int STEPS = 60;

  @Test void resumedRunLogsTheSameStepsAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
    Path killed = dir.resolve("killed");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--steps",
        Integer.toString(STEPS), "--checkpoint-every", "7", "--out", killed.toString(), "--quiet")
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    child.getOutputStream().close();
    Path csv = killed.resolve("steps.csv");
    long killAt = 8 + new Random().nextInt(STEPS - 20);   // a random step, past the first checkpoint
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (loggedSteps(csv) < killAt && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(child.isAlive()).as("child still training when killed (log: %s)", Files.exists(dir.resolve("child.log"))
        ? Files.readString(dir.resolve("child.log")) : "").isTrue();
    child.destroyForcibly();   // SIGKILL on Linux: no shutdown hooks, no flushing
    child.waitFor(30, TimeUnit.SECONDS);
    long loggedBeforeKill = loggedSteps(csv);
    assertThat(loggedBeforeKill).as("killed at step %d", killAt).isBetween(killAt, (long) STEPS - 1);
    Checkpoint cp = new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(Checkpoint.find(killed).orElseThrow().resolve("run.json").toFile(), Checkpoint.class);
    assertThat(cp.steps() % 7).isZero();
    List<String> before = Files.readAllLines(csv).subList(0, (int) cp.steps() + 1);   // header + checkpointed rows

    assertThat(Main.run("train", "--steps", Integer.toString(STEPS), "--checkpoint-every", "7", "--out",
        killed.toString(), "--resume", "--quiet")).isZero();
    Path whole = dir.resolve("whole");
    assertThat(Main.run("train", "--steps", Integer.toString(STEPS), "--checkpoint-every", "7", "--out",
        whole.toString(), "--quiet")).isZero();

    Table resumed = StepLog.read(csv);
    Table uninterrupted = StepLog.read(whole.resolve("steps.csv"));
    assertThat(resumed.rowCount()).isEqualTo(uninterrupted.rowCount()).isEqualTo(STEPS);
    assertThat(resumed.intColumn("step").asList()).containsExactlyElementsOf(uninterrupted.intColumn("step").asList());
    // the checkpointed steps were kept as they were, not run again
    assertThat(Files.readAllLines(csv).subList(0, (int) cp.steps() + 1)).containsExactlyElementsOf(before);
    // the same experiment: every row after the checkpoint too, byte for byte
    assertThat(Files.readAllLines(csv)).as("killed at step %d, checkpoint at %d", loggedBeforeKill, cp.steps())
        .containsExactlyElementsOf(Files.readAllLines(whole.resolve("steps.csv")));
    assertThat(Files.mismatch(csv, whole.resolve("steps.csv"))).isEqualTo(-1L);
    assertThat(Files.readString(killed.resolve("resume.log"))).contains("resumed at step " + cp.steps())
        .contains("replayed");
  }

  static long loggedSteps(Path csv) throws Exception {
    if (!Files.exists(csv)) {
      return 0;
    }
    return Math.max(0, Files.readAllLines(csv).size() - 1);
  }
}
