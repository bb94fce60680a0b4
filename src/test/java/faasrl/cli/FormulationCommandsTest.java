package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cli.RlCommandsTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --formulation, --seeds and --parallel on train, evaluate and reproduce. */
class FormulationCommandsTest {

  @Test void badFormulationSeedsOrParallelGetOneClearMessageAndExitCode2(@TempDir Path dir) {
    for (String cmd : new String[] {"train", "evaluate", "reproduce"}) {
      Run r = cmd.equals("evaluate")
          ? RlCommandsTest.run(cmd, "--agent", "hpa", "--formulation", "sutton", "--out", dir.resolve(cmd).toString())
          : RlCommandsTest.run(cmd, "--formulation", "sutton", "--out", dir.resolve(cmd).toString());
      assertThat(r.code()).as(cmd).isEqualTo(Main.BAD_INPUT);
      assertThat(r.err()).as(cmd).contains("--formulation must be faasrl or paper, was 'sutton'");
      assertThat(dir.resolve(cmd)).as(cmd + " wrote nothing").doesNotExist();
    }
    Run seeds = RlCommandsTest.run("reproduce", "--seeds", "0", "--out", dir.resolve("s").toString());
    assertThat(seeds.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(seeds.err()).contains("--seeds must be 1..100, was 0");
    Run parallel = RlCommandsTest.run("reproduce", "--parallel", "0", "--out", dir.resolve("p").toString());
    assertThat(parallel.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(parallel.err()).contains("--parallel must be >= 1, was 0");
  }

  @Test void helpNamesTheFormulations() {
    for (String cmd : new String[] {"train", "evaluate", "reproduce"}) {
      Run r = RlCommandsTest.run(cmd, "--help");
      assertThat(r.out()).as(cmd).contains("--formulation", "faasrl or paper");
    }
    assertThat(RlCommandsTest.run("reproduce", "--help").out()).contains("--seeds", "Seed split");
  }

  @Test void paperAgentRecordsItsFormulationAndOnlyRunsInIt(@TempDir Path dir) throws Exception {
    Run t = RlCommandsTest.run("train", "--formulation", "paper", "--steps", "10", "--out", dir.resolve("t").toString(),
        "--quiet");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(Files.readString(dir.resolve("t/formulation.md"))).startsWith("Formulation: paper")
        .contains("- state: [cpu_user, mem_free, cpu_limit_m, mem_limit_mi, replicas]", "- actions: CPU -30m/0/+30m",
            "- reward: 2*(completed/issued");
    String agent = dir.resolve("t/checkpoint/agent").toString();
    Run wrong = RlCommandsTest.run("evaluate", "--agent", "dqn", "--from", agent, "--steps", "5", "--out",
        dir.resolve("e1").toString());
    assertThat(wrong.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(wrong.err()).contains("takes 5 state features and 3 actions, but --formulation faasrl gives 13 and 7");
    Run right = RlCommandsTest.run("evaluate", "--agent", "dqn", "--from", agent, "--formulation", "paper", "--steps",
        "5", "--out", dir.resolve("e2").toString());
    assertThat(right.code()).as(right.err()).isZero();
    assertThat(right.out()).startsWith("dqn: 5 steps");
    assertThat(Files.readString(dir.resolve("e2/formulation.md"))).startsWith("Formulation: paper");
  }
}
