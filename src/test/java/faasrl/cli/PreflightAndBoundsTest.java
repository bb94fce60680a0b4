package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cli.SimCommandsTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers without bounds, outputs checked before the work, profiles in any order, and running out of
 * memory: each is one message and exit 2, never a stack trace or a run that fails at its end.
 */
class PreflightAndBoundsTest {

  private static Run run(String... args) {
    return SimCommandsTest.run(args);
  }

  private static void assertOneClearError(Run r, String expected) {
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().lines()).as(r.err()).hasSizeBetween(1, 3);
    assertThat(r.err()).startsWith("faasrl: ").contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void aProfileMeanBeyondItsRangeIsOneClearError(@TempDir Path dir) throws Exception {
    Path profile = dir.resolve("huge.yaml");
    Files.writeString(profile, "name: huge\ncpu: {type: exponential, mean_us: 1e16}\n");
    assertOneClearError(run("simulate", "--profile", profile.toString(), "--function", "huge", "--rps", "10"),
        "mean (us) must be 0..3600000000");
    Files.writeString(profile, "name: huge\ncpu: {type: lognormal, mean_us: 1.0e+250, cv: 0.5}\n");
    assertOneClearError(run("simulate", "--profile", profile.toString(), "--function", "huge", "--rps", "10"),
        "mean (us) must be 0..3600000000");
  }

  @Test
  void aProfileMayListACallerBeforeItsCalleeButNotACycle(@TempDir Path dir) throws Exception {
    Path profile = dir.resolve("chain.yaml");
    Files.writeString(profile, """
        functions:
          - {name: front, cpu: 200, calls: [back]}
          - {name: back, cpu: 100}
        """);
    Run ok = run("simulate", "--profile", profile.toString(), "--function", "front", "--rps", "50", "--seconds", "2",
        "--format", "csv");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.lines().get(1)).contains(",front,");

    Files.writeString(profile, """
        functions:
          - {name: a, cpu: 200, calls: [b]}
          - {name: b, cpu: 100, calls: [a]}
        """);
    assertOneClearError(run("simulate", "--profile", profile.toString(), "--function", "a", "--rps", "50"),
        "call cycle a -> b -> a");
  }

  @Test
  void sweepRefusesAnUnwritableOutputBeforeAnyPoint() {
    Run r = run("sweep", "--function", "adservice", "--rps", "100:100000:100", "--seconds", "100",
        "--output", "/proc/faasrl-sweep.csv");
    assertOneClearError(r, "--output /proc/faasrl-sweep.csv cannot be written");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void argumentsAreCheckedBeforeAnythingIsWrittenOrPrinted(@TempDir Path dir) {
    Path out = dir.resolve("run");
    assertOneClearError(run("train", "--steps", "0", "--out", out.toString()), "--steps must be >= 1, was 0");
    assertThat(out).doesNotExist();
    Run bench = run("bench", "sim", "--runs", "0");
    assertOneClearError(bench, "runs must be 1..10000, was 0");
    assertThat(bench.out()).isEmpty();
    assertOneClearError(run("evaluate", "--agent", "dqn", "--load", "poisson:300", "--out", dir.resolve("e").toString()),
        "--agent dqn needs --from DIR");
    assertOneClearError(run("simulate", "--function", "adservice", "--rps", "10", "--profile",
        dir.resolve("none.yaml").toString()), "cannot read function profile " + dir.resolve("none.yaml") + ": no such file");
  }

  @Test
  void sweepWritesEachRowAsItIsComputed(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("sweep.csv");
    Run r = run("sweep", "--function", "adservice", "--rps", "100,200,300", "--seconds", "1", "--format", "csv",
        "--output", csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> written = Files.readAllLines(csv);
    assertThat(written).hasSize(4).isEqualTo(r.lines());
    assertThat(written.get(0)).startsWith("time_s,function,");
  }

  @Test
  void reproduceRefusesAFileAsItsOutputDirectoryBeforeAnyWork(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    assertOneClearError(run("reproduce", "--quick", "--out", file.toString()), "--out " + file
        + " is a file, not a directory");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  /** A real JVM with a heap too small for its work: the CLI's own main, as a user runs it. */
  @Test
  void runningOutOfMemoryIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx24m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        // every point keeps its latency histograms (about 190 KB each) until the table is printed
        "sweep", "--function", "adservice", "--rps", "1:10001:1", "--seconds", "0.01", "--format", "csv"));
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile())
        .start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("finished").isTrue();
    String text = Files.readString(err);
    assertThat(p.exitValue()).as(text).isEqualTo(Main.BAD_INPUT);
    assertThat(text.lines()).as(text).hasSize(1);
    assertThat(text).startsWith("faasrl: out of memory").contains("FAASRL_JAVA_OPTS=-Xmx");
  }
}
