package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cli.RlCommandsTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce --experiment}: its validation, and the multi-agent experiment end to end on a tiny size. */
class MultiAgentCommandTest {

  @Test void anUnknownExperimentIsOneClearErrorWithExitCode2AndWritesNothing(@TempDir Path dir) {
    Run r = RlCommandsTest.run("reproduce", "--experiment", "multiagent", "--out", dir.resolve("x").toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("--experiment must be one of paper, multi-agent, chain, was 'multiagent'");
    assertThat(dir.resolve("x")).doesNotExist();
    Run paper = RlCommandsTest.run("reproduce", "--experiment", "multi-agent", "--formulation", "paper", "--out",
        dir.resolve("y").toString());
    assertThat(paper.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(paper.err()).contains("--experiment multi-agent runs in the faasrl formulation only");
    assertThat(dir.resolve("y")).doesNotExist();
    Run seeds = RlCommandsTest.run("reproduce", "--experiment", "multi-agent", "--seeds", "0", "--out",
        dir.resolve("z").toString());
    assertThat(seeds.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(seeds.err()).contains("--seeds must be 1..100, was 0");
  }

  @Test void networksIsForTheMultiAgentExperimentAndSharedOrIndependent(@TempDir Path dir) {
    Run paper = RlCommandsTest.run("reproduce", "--networks", "independent", "--out", dir.resolve("p").toString());
    assertThat(paper.code()).isEqualTo(2);
    assertThat(paper.err().strip()).isEqualTo("faasrl: --networks is for --experiment multi-agent, not paper");
    Run bad = RlCommandsTest.run("reproduce", "--experiment", "multi-agent", "--networks", "separate", "--out",
        dir.resolve("m").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("faasrl: --networks must be shared or independent, was 'separate'");
    assertThat(dir.resolve("p")).doesNotExist();
    assertThat(dir.resolve("m")).doesNotExist();
  }

  @Test void independentNetworksRunEndToEndOnATinySize(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("ind");
    Run r = RlCommandsTest.run("reproduce", "--experiment", "multi-agent", "--networks", "independent", "--seeds", "1",
        "--steps", "2", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("| multi-agent-dqn |", "| joint-dqn |");
    assertThat(Files.readString(out.resolve("summary.md"))).contains("one network per function (--networks independent)");
  }

  @Test void helpNamesTheExperiments() {
    assertThat(RlCommandsTest.run("reproduce", "--help").out()).contains("--experiment", "multi-agent");
  }

  @Test void multiAgentRunsEndToEndOnATinySize(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("ma");
    Run r = RlCommandsTest.run("reproduce", "--experiment", "multi-agent", "--seeds", "1", "--steps", "2",
        "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("| multi-agent-dqn |", "| joint-dqn |", "| kpa |", "| hpa |");
    String md = Files.readString(out.resolve("summary.md"));
    assertThat(md).startsWith("# faasrl reproduce --experiment multi-agent")
        .contains("| agent | SLO violations | CPU mean (cores) | replica-s |", "19 actions");
    List<String> csv = Files.readAllLines(out.resolve("multi-agent.csv"));
    assertThat(csv).hasSize(1 + 4);
    assertThat(csv.get(0)).startsWith("agent,seed,eval_from_minute,slo_violation_pct,cpu_cores_mean,replica_s");
    assertThat(Files.readAllLines(out.resolve("multi-agent-functions.csv"))).hasSize(1 + 4 * 9);
    for (String agent : List.of("multi-agent-dqn", "joint-dqn", "kpa", "hpa")) {
      Path log = out.resolve("seed-7").resolve(agent).resolve("steps.csv");
      assertThat(Files.readAllLines(log)).as(agent).hasSize(1 + 12 * 9);   // 12 evaluation steps x 9 functions
    }
  }
}
