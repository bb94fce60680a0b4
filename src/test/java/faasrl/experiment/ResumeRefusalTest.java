package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume} refuses a run whose files disagree, or other settings than the run's, with
 * exit 2 and one line naming the mismatch, and changes nothing in the run; a consistent run resumes.
 */
class ResumeRefusalTest {
  static final String[] TRAIN = {"train", "--steps", "12", "--checkpoint-every", "4", "--step-seconds", "2",
      "--quiet"};
  @TempDir static Path shared;
  static Path finished;

  @BeforeAll static void trainOnce() {
    finished = shared.resolve("finished");
    assertThat(run(finished, List.of()).exit).isZero();
  }

  record Outcome(int exit, String err) {}

  static Outcome run(Path out, List<String> extra) {
    List<String> args = new ArrayList<>(List.of(TRAIN));
    args.addAll(List.of("--out", out.toString()));
    args.addAll(extra);
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    return new Outcome(cl.execute(args.toArray(String[]::new)), err.toString());
  }

  /** A copy of the finished run, damaged by {@code damage}, resumed with {@code extra}: refused, unchanged. */
  static String refused(Path dir, Consumer<Path> damage, String... extra) throws Exception {
    Path run = dir.resolve("run");
    copy(finished, run);
    damage.accept(run);
    byte[] log = Files.readAllBytes(run.resolve("steps.csv"));
    List<String> extras = new ArrayList<>(List.of(extra));
    extras.add("--resume");
    Outcome o = run(run, extras);
    assertThat(o.exit).as(o.err).isEqualTo(2);
    assertThat(o.err.lines()).as(o.err).hasSize(1);
    assertThat(o.err).doesNotContain("Exception").doesNotContain("null");
    assertThat(Files.readAllBytes(run.resolve("steps.csv"))).as("steps.csv untouched").isEqualTo(log);
    return o.err;
  }

  @Test void aCheckpointCountingMoreStepsThanTheLogIsRefused(@TempDir Path dir) throws Exception {
    String err = refused(dir, run -> edit(run.resolve("steps.csv"), lines -> lines.subList(0, 7)));
    assertThat(err).contains("steps.csv logs 6 whole steps, fewer than the 12 the checkpoint counts");
  }

  @Test void aLogWithARowMissingIsRefused(@TempDir Path dir) throws Exception {
    String err = refused(dir, run -> edit(run.resolve("steps.csv"), lines -> {
      List<String> l = new ArrayList<>(lines);
      l.remove(4); // step 3
      return l;
    }));
    assertThat(err).contains("line 5 logs step 4 where step 3 was due");
  }

  @Test void aCheckpointFromAnotherRunIsRefused(@TempDir Path dir) throws Exception {
    // one digit more in step 5's loss: still a whole log, but not the one the checkpoint followed
    String err = refused(dir, run -> edit(run.resolve("steps.csv"),
        lines -> lines.stream().map(l -> l.startsWith("dqn,5,") ? l + "1" : l).toList()));
    assertThat(err).contains("not the rows the checkpoint was written after");
  }

  @Test void otherSeedPresetOrSloThanTheRunsAreRefused(@TempDir Path dir) throws Exception {
    assertThat(refused(dir.resolve("a"), run -> { }, "--seed", "8")).contains("it was made with --seed 7, not 8");
    assertThat(refused(dir.resolve("b"), run -> { }, "--preset", "paper-vertical"))
        .contains("--preset default, not paper-vertical");
    assertThat(refused(dir.resolve("c"), run -> { }, "--slo-ms", "9")).contains("--slo-ms 5, not 9");
  }

  @Test void aTruncatedRunJsonIsNamedWithWhatIsWrong(@TempDir Path dir) throws Exception {
    String err = refused(dir, run -> edit(run.resolve("checkpoint/run.json"), lines -> lines.subList(0, 3)));
    assertThat(err).contains("checkpoint file " + dir.resolve("run/checkpoint/run.json") + " is corrupt: ")
        .contains("line ");
  }

  @Test void aDamagedAgentFileIsNamed(@TempDir Path dir) throws Exception {
    String err = refused(dir, run -> {
      try {
        Path f = run.resolve("checkpoint/agent/online.zip");
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x5a;
        Files.write(f, b);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    assertThat(err).contains("checkpoint file " + dir.resolve("run/checkpoint/agent/online.zip") + " is corrupt");
  }

  @Test void aCheckpointDirectoryWithoutItsRecordIsNamed(@TempDir Path dir) throws Exception {
    String err = refused(dir, run -> {
      try {
        Files.delete(run.resolve("checkpoint/run.json"));
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    assertThat(err).contains("checkpoint file " + dir.resolve("run/checkpoint/run.json") + " is missing");
  }

  @Test void resumingAFinishedRunReplaysItAndChangesNoRow(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    copy(finished, run);
    Outcome o = run(run, List.of("--resume"));
    assertThat(o.exit).as(o.err).isZero();
    assertThat(Files.mismatch(run.resolve("steps.csv"), finished.resolve("steps.csv"))).isEqualTo(-1L);
    assertThat(Files.readString(run.resolve("resume.log"))).contains("resumed at step 12").contains("replayed");
  }

  static void edit(Path file, java.util.function.UnaryOperator<List<String>> change) {
    try {
      Files.write(file, change.apply(Files.readAllLines(file)));
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  static void copy(Path from, Path to) throws Exception {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
