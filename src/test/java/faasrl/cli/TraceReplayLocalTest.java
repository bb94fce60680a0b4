package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.trace.TraceFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trace replay --backend local}: real function-server processes in CPU cgroups, busy as the
 * trace's durations say, each trace minute played in 3 s (needs a writable cgroup, as the local
 * backend's tests do).
 */
class TraceReplayLocalTest {
  @TempDir Path dir;

  @Test void theLocalBackendIssuesEveryCallOfTheTraceAndAnswersThem() {
    TraceFiles t = new TraceFiles(2)
        .function("o", "a", "short", m -> 12 * m, 5)
        .function("o", "b", "long", m -> 6, 30);
    SimCommandsTest.Run r = SimCommandsTest.run("trace", "replay", "--invocations",
        t.writeInvocations(dir).toString(), "--durations", t.writeDurations(dir).toString(), "--backend", "local",
        "--minute-seconds", "3", "--by-function", "--format", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("keeps at least one pod (min scale 1, not 0)");
    List<String> header = Arrays.asList(r.lines().get(0).split(","));
    List<String[]> rows = r.lines().stream().skip(1).map(l -> l.split(",", -1)).toList();
    assertThat(rows).hasSize(4);
    for (String[] row : rows) {
      int minute = Integer.parseInt(row[header.indexOf("minute")]);
      long issued = Long.parseLong(row[header.indexOf("issued")]);
      assertThat(issued).isEqualTo(row[header.indexOf("function")].equals("f-short") ? 12L * minute : 6);
      assertThat(Long.parseLong(row[header.indexOf("completed")])).as("answered").isEqualTo(issued);
      assertThat(Integer.parseInt(row[header.indexOf("replicas")])).isGreaterThanOrEqualTo(1);
      // a call is at least its CPU time: the 30 ms function's median is above its p0 of 15 ms
      if (row[header.indexOf("function")].equals("f-long")) {
        assertThat(Double.parseDouble(row[header.indexOf("p50_us")])).isGreaterThan(15_000);
      }
    }
  }
}
