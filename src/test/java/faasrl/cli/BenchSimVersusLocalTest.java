package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench sim-vs-local} on real replicas. How close the simulator comes depends on how much CPU
 * the machine leaves the replicas, so that is the bench's output, not an assertion here: the test
 * checks that every function and load gets a well-formed row with both a measured and a simulated p90.
 */
class BenchSimVersusLocalTest {

  @Test
  void benchPrintsTheMeasuredAndSimulatedP90ForEveryFunctionAndLoad() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    int exit = cli.execute("bench", "sim-vs-local", "--functions", "currencyservice,emailservice",
        "--loads", "50,150", "--seconds", "2");
    System.out.print(out);
    assertThat(exit).isZero();
    List<String[]> rows = out.toString().lines().filter(l -> !l.startsWith("#") && !l.startsWith("function,"))
        .map(l -> l.split(",")).toList();
    assertThat(rows).extracting(r -> r[0] + "@" + r[1])
        .containsExactly("currencyservice@50", "currencyservice@150", "emailservice@50", "emailservice@150");
    assertThat(rows).allSatisfy(r -> {
      double[] v = Arrays.stream(r, 2, 7).mapToDouble(Double::parseDouble).toArray();
      assertThat(v[0]).as("local p50").isPositive();
      assertThat(v[1]).as("local p90 >= p50").isGreaterThanOrEqualTo(v[0]);
      assertThat(v[2]).as("local p99 >= p90").isGreaterThanOrEqualTo(v[1]);
      assertThat(v[3]).as("simulated p90").isPositive();
      assertThat(v[4]).as("relative error").isFinite();
    });
    assertThat(out.toString()).contains("# currencyservice mean_p90_error=", "# emailservice mean_p90_error=");
  }

  @Test
  void anUnknownFunctionIsRefusedBeforeAnyReplicaStarts() {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("bench", "sim-vs-local", "--functions", "nosuchservice")).isEqualTo(2);
    assertThat(err.toString()).contains("nosuchservice");
  }
}
