package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.trace.TraceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of {@code trace replay}: one row per minute, exact issued counts, exit 2 on bad input. */
class TraceCommandTest {
  @TempDir Path dir;

  private String[] files() {
    TraceFiles t = new TraceFiles(20)
        .function("o", "a", "every5", m -> m % 5 == 1 ? 1 : 0, 50)
        .function("o", "a", "steady", m -> 30 + m, 10);
    return new String[] {"--invocations", t.writeInvocations(dir).toString(), "--durations",
        t.writeDurations(dir).toString()};
  }

  private static String[] args(String[] files, String... more) {
    String[] all = Arrays.copyOf(new String[] {"trace", "replay"}, 2 + files.length + more.length);
    System.arraycopy(files, 0, all, 2, files.length);
    System.arraycopy(more, 0, all, 2 + files.length, more.length);
    return all;
  }

  @Test void replayPrintsOneRowPerMinuteIssuingTheTracesCalls() {
    SimCommandsTest.Run r = SimCommandsTest.run(args(files(), "--minutes", "10", "--from", "3", "--format", "csv"));
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.lines();
    assertThat(lines).hasSize(11);
    List<String> header = Arrays.asList(lines.get(0).split(","));
    assertThat(header).containsSubsequence("minute", "issued", "completed", "failed").contains("p50_us", "p99_us",
        "cold_starts", "replicas");
    long issued = 0;
    for (int i = 1; i <= 10; i++) {
      String[] row = lines.get(i).split(",", -1);
      int minute = Integer.parseInt(row[header.indexOf("minute")]);
      assertThat(minute).isEqualTo(i + 2);
      long n = Long.parseLong(row[header.indexOf("issued")]);
      assertThat(n).isEqualTo(30 + minute + (minute % 5 == 1 ? 1 : 0));
      issued += n;
    }
    assertThat(issued).isEqualTo(10 * 30 + (3 + 12) * 10 / 2 + 2); // minutes 6 and 11 call every5
  }

  @Test void theHpaReplaysWithAtLeastOnePodPerFunction() {
    SimCommandsTest.Run r = SimCommandsTest.run(args(files(), "--minutes", "12", "--scaler", "hpa", "--by-function",
        "--format", "csv"));
    assertThat(coldStarts(r, "f-every5")).isZero(); // never at zero pods, so no call waits for one
    List<String> header = Arrays.asList(r.lines().get(0).split(","));
    assertThat(r.lines().stream().skip(1).map(l -> l.split(",", -1)[header.indexOf("replicas")]))
        .hasSize(24).allMatch(v -> Integer.parseInt(v) >= 1);
  }

  @Test void minScaleOneKeepsAPodSoNoCallColdStarts() {
    String[] f = files();
    SimCommandsTest.Run zero = SimCommandsTest.run(args(f, "--minutes", "12", "--by-function", "--format", "csv"));
    SimCommandsTest.Run one = SimCommandsTest.run(args(f, "--minutes", "12", "--by-function", "--format", "csv",
        "--min-scale", "1"));
    assertThat(coldStarts(zero, "f-every5")).isEqualTo(2); // the calls of minutes 6 and 11
    assertThat(coldStarts(one, "f-every5")).isZero();
  }

  private static long coldStarts(SimCommandsTest.Run r, String function) {
    assertThat(r.code()).as(r.err()).isZero();
    List<String> header = Arrays.asList(r.lines().get(0).split(","));
    return r.lines().stream().skip(1).map(l -> l.split(",", -1))
        .filter(c -> c[header.indexOf("function")].equals(function))
        .mapToLong(c -> Long.parseLong(c[header.indexOf("cold_starts")])).sum();
  }

  @Test void aBadFileIsOneLineNamingFileRowAndField() throws Exception {
    String[] f = files();
    Path dur = Path.of(f[3]);
    List<String> lines = Files.readAllLines(dur);
    String[] cells = lines.get(1).split(",");
    cells[7] = "slow"; // percentile_Average_0
    Files.writeString(dur, lines.get(0) + "\n" + String.join(",", cells) + "\n");
    SimCommandsTest.Run r = SimCommandsTest.run(args(f, "--minutes", "5"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("faasrl: " + dur + " row 2, field percentile_Average_0: 'slow' is not a "
        + "number >= 0");
    assertThat(r.out()).isEmpty();
  }

  @Test void badOptionsAreOneLineWithExitTwo() {
    String[] f = files();
    for (String[] bad : List.of(new String[] {"--backend", "knative"},
        new String[] {"--scaler", "nope"}, new String[] {"--minutes", "30"}, new String[] {"--select", "best"},
        new String[] {"--minute-seconds", "0"}, new String[] {"--minute-seconds", "-5"},
        new String[] {"--image", "busy:1"}, new String[] {"--backend", "cloud"})) {
      SimCommandsTest.Run r = SimCommandsTest.run(args(f, bad));
      assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }
    assertThat(SimCommandsTest.run(args(f, "--backend", "knative")).err()).contains("needs --kubeconfig");
    assertThat(SimCommandsTest.run(args(f, "--minute-seconds", "0")).err().strip())
        .isEqualTo("faasrl: --minute-seconds must be 1..3600, was 0.0");
    assertThat(SimCommandsTest.run(args(f, "--image", "busy:1")).err()).contains("--image is for --backend knative");
    SimCommandsTest.Run missing = SimCommandsTest.run("trace", "replay", "--invocations", "nope.csv", "--durations",
        f[3]);
    assertThat(missing.err().strip()).isEqualTo("faasrl: --invocations nope.csv: no such file");
  }
}
