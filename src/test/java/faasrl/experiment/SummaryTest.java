package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Metrics and convergence computed from a hand-written step log. */
class SummaryTest {

  /** One row per step: cpu (m), p90 (us, or "" for none), met, limit cores, reward. */
  static Table log(Path dir, Object[][] steps) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", StepLog.COLUMNS));
    for (int i = 0; i < steps.length; i++) {
      Object[] s = steps[i];
      lines.add(String.join(",", "dqn", Integer.toString(i), "1", Integer.toString(i), Double.toString(10.0 * i),
          "adservice", "1", "noop", s[0].toString(), "1", "1", "", s[1].toString(), "", "300", "300", "3000", "3000",
          "0", "0.1", s[3].toString(), "0", "0", s[4].toString(), s[2].toString(), "false", "false", "0", ""));
    }
    Path p = dir.resolve("steps.csv");
    Files.write(p, lines);
    return StepLog.read(p);
  }

  @Test void computesRatesLatencyCpuAndConvergence(@TempDir Path dir) throws Exception {
    Table t = log(dir, new Object[][] {
        {100, 900000, false, 0.1, -3},
        {130, "", false, 0.13, -4},      // nothing completed: a violation, no latency
        {160, 2000, true, 0.2, -0.2},    // a roll-out step: the limit is above the config
        {160, 1000, true, 0.16, -0.1},
        {160, 1000, true, 0.16, -0.1},
        {160, 1000, true, 0.16, -0.1},
        {160, 1000, true, 0.16, -0.1},
        {160, 3000, true, 0.16, -0.1}});
    Summary s = Summary.of(t, 10, 1.5);
    assertThat(s.steps()).isEqualTo(8);
    assertThat(s.sloViolationRate()).isEqualTo(2.0 / 8);
    assertThat(s.p90MeanMs()).isCloseTo((900 + 2 + 1 + 1 + 1 + 1 + 3) / 7.0, offset(1e-9));
    assertThat(s.p90P99Ms()).isEqualTo(900);
    assertThat(s.cpuCoreSeconds()).isCloseTo(10 * (0.1 + 0.13 + 0.2 + 5 * 0.16), offset(1e-9));
    assertThat(s.replicaSeconds()).isEqualTo(80);
    assertThat(s.convergedStep()).isEqualTo(1);   // from 130m on, within 30m of the final 160m to the end
    // the median of 2, 1, 1, 1, 1, 3 ms: a slow roll-out step does not decide where the limit settled
    assertThat(s.p90AfterConvergenceMs()).isEqualTo(1.0);
    assertThat(s.wallSeconds()).isEqualTo(1.5);
  }

  @Test void neverConvergesWhileTheConfigurationKeepsMovingByMoreThanOneActionStep(@TempDir Path dir)
      throws Exception {
    Object[][] steps = new Object[12][];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = new Object[] {i % 2 == 0 ? 100 : 190, 1000, true, 0.17, -0.1};
    }
    Summary s = Summary.of(log(dir, steps), 10, 0);
    assertThat(s.convergedStep()).isEqualTo(-1);
    assertThat(s.p90AfterConvergenceMs()).isNaN();
  }

  @Test void wobblingWithinOneActionStepCountsAsConverged(@TempDir Path dir) throws Exception {
    Object[][] steps = new Object[12][];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = new Object[] {i < 4 ? 100 + 30 * i : i % 2 == 0 ? 160 : 190, 1000, true, 0.17, -0.1};
    }
    // 100, 130, 160, 190, then 160/190 alternating, ending at 190: 160m (step 2) is the first within 30m
    assertThat(Summary.of(log(dir, steps), 10, 0).convergedStep()).isEqualTo(2);
    // with fine 10m steps as the action-step, only the final value itself is near enough: a 1-step tail
    assertThat(Summary.of(log(dir, steps), 10, 0, new Summary.ActionStep(10, 1)).convergedStep()).isEqualTo(-1);
  }

  @Test void anEarlyStableWindowIsNotConvergenceWhenTheRunMovesOnLater(@TempDir Path dir) throws Exception {
    int[] cpu = {100, 130, 160, 160, 160, 160, 160, 160, 250, 280, 310, 310, 300, 310, 310, 310};
    Object[][] steps = new Object[cpu.length][];
    for (int i = 0; i < cpu.length; i++) {
      steps[i] = new Object[] {cpu[i], 1000, true, cpu[i] / 1000.0, -0.1};
    }
    // steps 2..7 held 160m and met the SLO (the old first-stable-window rule said step 2); the run then
    // climbed to 310m, and stays within 30m of it from step 9 (280m) on
    assertThat(Summary.of(log(dir, steps), 10, 0).convergedStep()).isEqualTo(9);
  }

  @Test void aSettledTailShorterThanTheWindowIsNotConvergence(@TempDir Path dir) throws Exception {
    int[] cpu = {100, 160, 220, 280, 340, 400, 400, 400, 400};
    Object[][] steps = new Object[cpu.length][];
    for (int i = 0; i < cpu.length; i++) {
      steps[i] = new Object[] {cpu[i], 1000, true, cpu[i] / 1000.0, -0.1};
    }
    assertThat(Summary.CONVERGENCE_WINDOW).isEqualTo(5);
    assertThat(Summary.of(log(dir, steps), 10, 0).convergedStep()).isEqualTo(-1);   // 4 steps at 400m
  }

  @Test void resumedLogsDropRowsAfterTheCheckpointAndTornLines(@TempDir Path dir) throws Exception {
    Object[][] steps = new Object[6][];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = new Object[] {160, 1000, true, 0.16, -0.1};
    }
    log(dir, steps);
    Path p = dir.resolve("steps.csv");
    Files.writeString(p, Files.readString(p) + "dqn,6,1,6,60.0,adserv", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    try (StepLog l = StepLog.resume(p, 4)) {
      assertThat(l.table().intColumn("step").asList()).containsExactly(0, 1, 2, 3);
    }
  }
}
