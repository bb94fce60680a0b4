package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.trace.TraceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trace replay --scaler dqn-multi}: agents trained on minutes outside the window, one row per
 * minute with the trace's calls, 1..10 pods per function, saved agents replaying alike, exit 2 on bad input.
 */
class TraceReplayDqnTest {
  @TempDir Path dir;

  /** 40 minutes: a steady function and one called every third minute. */
  private String[] files() {
    TraceFiles t = new TraceFiles(40)
        .function("o", "a", "steady", m -> 20 + m, 10)
        .function("o", "b", "every3", m -> m % 3 == 0 ? 2 : 0, 50);
    return new String[] {"--invocations", t.writeInvocations(dir).toString(), "--durations",
        t.writeDurations(dir).toString()};
  }

  private static String[] args(String[] files, String... more) {
    String[] all = Arrays.copyOf(new String[] {"trace", "replay", "--scaler", "dqn-multi"},
        4 + files.length + more.length);
    System.arraycopy(files, 0, all, 4, files.length);
    System.arraycopy(more, 0, all, 4 + files.length, more.length);
    return all;
  }

  @Test void oneRowPerMinuteWithTheTracesCallsAfterTrainingOnTheMinutesBefore() {
    SimCommandsTest.Run r = SimCommandsTest.run(args(files(), "--from", "21", "--minutes", "6", "--train-steps",
        "30", "--format", "csv"));
    assertThat(r.code()).as(r.err()).isZero();
    // 30 steps use 7 minutes: those just before minute 21
    assertThat(r.err()).contains("on trace minutes 14..20 (the replay: minutes 21..26)");
    List<String> lines = r.lines();
    assertThat(lines).hasSize(7);
    List<String> header = Arrays.asList(lines.get(0).split(","));
    for (int i = 1; i <= 6; i++) {
      String[] row = lines.get(i).split(",", -1);
      int minute = Integer.parseInt(row[header.indexOf("minute")]);
      assertThat(minute).isEqualTo(20 + i);
      assertThat(Long.parseLong(row[header.indexOf("issued")])).isEqualTo(20 + minute + (minute % 3 == 0 ? 2 : 0));
      assertThat(Integer.parseInt(row[header.indexOf("replicas")])).isBetween(2, 20); // 1..10 per function
    }
  }

  @Test void savedAgentsReplayAsTheTrainedOnesDidAndNeverScaleToZero() throws Exception {
    String[] f = files();
    Path agents = dir.resolve("agents");
    SimCommandsTest.Run trained = SimCommandsTest.run(args(f, "--from", "1", "--minutes", "5", "--train-steps", "30",
        "--by-function", "--format", "csv", "--save-agent", agents.toString()));
    assertThat(trained.code()).as(trained.err()).isZero();
    assertThat(trained.err()).contains("on trace minutes 6..12").contains("agents saved to " + agents);
    assertThat(Files.isDirectory(agents)).isTrue();
    SimCommandsTest.Run loaded = SimCommandsTest.run(args(f, "--from", "1", "--minutes", "5", "--by-function",
        "--format", "csv", "--agent", agents.toString()));
    assertThat(loaded.code()).as(loaded.err()).isZero();
    assertThat(loaded.err()).contains("agents loaded from " + agents).doesNotContain("training");
    assertThat(loaded.out()).isEqualTo(trained.out());
    List<String> header = Arrays.asList(loaded.lines().get(0).split(","));
    assertThat(loaded.lines().stream().skip(1).map(l -> Integer.parseInt(l.split(",", -1)[header.indexOf("replicas")])))
        .hasSize(10).allMatch(n -> n >= 1 && n <= 10);
  }

  @Test void badDqnOptionsAreOneLineWithExitTwo() throws Exception {
    String[] f = files();
    Path empty = Files.createDirectory(dir.resolve("empty"));
    List<List<String>> cases = List.of(
        List.of("--train-steps", "0"),
        List.of("--train-steps", "5", "--agent", empty.toString()),
        List.of("--agent", dir.resolve("nope").toString()),
        List.of("--agent", empty.toString(), "--minutes", "3"),
        List.of("--backend", "knative", "--kubeconfig", dir.resolve("kc").toString()),
        List.of("--functions", "20"),
        List.of("--train-steps", "5")); // the whole trace: nothing left to train on
    List<String> expected = List.of("--train-steps must be 1..1000000, was 0",
        "--agent DIR loads trained agents and --train-steps trains new ones",
        "--agent " + dir.resolve("nope") + ": no such directory",
        "--agent " + empty + ": no saved agents there",
        "--scaler dqn-multi runs on --backend sim or local",
        "--scaler dqn-multi scales at most 19 functions",
        "leaves none to train the agents on");
    for (int i = 0; i < cases.size(); i++) {
      SimCommandsTest.Run r = SimCommandsTest.run(args(f, cases.get(i).toArray(new String[0])));
      assertThat(r.code()).as(cases.get(i) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).contains(expected.get(i));
      assertThat(r.out()).isEmpty();
    }
    String[] kpa = {"trace", "replay", f[0], f[1], f[2], f[3], "--train-steps", "30"};
    SimCommandsTest.Run r = SimCommandsTest.run(kpa);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("faasrl: --train-steps, --agent and --save-agent are for --scaler "
        + "dqn-multi, not kpa");
  }
}
