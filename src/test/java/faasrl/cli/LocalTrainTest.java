package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.experiment.StepLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tech.tablesaw.api.Table;

/**
 * Issue 4's must-show: a DQN vertical-scaling run of 20 steps of 5 s on the local backend (real
 * function processes in real CPU cgroups) completes, with its step log and figures. About two
 * minutes of real time: the one long test of the backend options.
 */
class LocalTrainTest {

  @Test void dqnTrainsTwentyFiveSecondStepsOnTheLocalBackendAndDrawsItsFigures(@TempDir Path dir) throws Exception {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter(), err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    long t0 = System.nanoTime();
    int code = cl.execute("train", "--backend", "local", "--function", "shippingservice", "--steps", "20",
        "--step-seconds", "5", "--out", dir.toString(), "--quiet");
    double wall = (System.nanoTime() - t0) / 1e9;

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("trained: 20 steps");
    Table steps = StepLog.read(dir.resolve("steps.csv"));
    assertThat(steps.rowCount()).isEqualTo(20);
    assertThat(steps.stringColumn("function").unique().asList()).containsExactly("shippingservice");
    // real steps on the real backend: 5 s of load each, served by a ready replica, within the bounds
    assertThat(wall).as("20 real steps of 5 s").isGreaterThanOrEqualTo(100);
    assertThat(steps.numberColumn("completed").min()).isPositive();
    assertThat(steps.numberColumn("ready_replicas").min()).isPositive();
    assertThat(steps.intColumn("cpu_m").asList()).allMatch(m -> m >= 20 && m <= 1000);
    assertThat(steps.numberColumn("cpu_used_cores").max()).isPositive();
    for (String figure : new String[] {"cpu_m.html", "p90_us.html", "reward.html"}) {
      String html = Files.readString(dir.resolve("figures").resolve(figure));
      assertThat(html).as(figure).contains("DQN training of shippingservice").contains("Plotly.newPlot");
    }
    assertThat(dir.resolve("checkpoint/agent/agent.json")).exists();
  }
}
