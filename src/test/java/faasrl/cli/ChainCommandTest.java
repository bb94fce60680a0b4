package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cli.RlCommandsTest.Run;
import faasrl.experiment.Setup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reproduce --experiment: the chain experiment end to end on a tiny budget, and a bad name. */
class ChainCommandTest {

  @Test void anUnknownExperimentGetsOneClearMessageAndExitCode2(@TempDir Path dir) {
    Run r = RlCommandsTest.run("reproduce", "--experiment", "chains", "--out", dir.resolve("x").toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("--experiment must be one of paper, multi-agent, chain, was 'chains'");
    assertThat(dir.resolve("x")).doesNotExist();
    Run seeds = RlCommandsTest.run("reproduce", "--experiment", "chain", "--seeds", "0", "--out",
        dir.resolve("s").toString());
    assertThat(seeds.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(seeds.err()).contains("--seeds must be 1..100, was 0");
    assertThat(RlCommandsTest.run("reproduce", "--help").out()).contains("--experiment", "chain");
  }

  @Test void theChainExperimentWritesItsTablesAndLogs(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("chain");
    Run r = RlCommandsTest.run("reproduce", "--experiment", "chain", "--seeds", "1", "--steps", "12", "--parallel", "2",
        "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("### all workloads", "| critical-path |", "| split-slo |", "| kpa |", "| hpa |",
        "e2e SLO violations", "CPU mean (cores)", "### Critical hop");
    String md = Files.readString(out.resolve("summary.md"));
    assertThat(md).startsWith("# faasrl reproduce --experiment chain").contains("### bursty", "end-to-end p90 SLO 15 ms");
    // 4 workloads x 4 agents for the one seed
    assertThat(Files.readAllLines(out.resolve("chain.csv"))).hasSize(1 + 16);
    assertThat(Files.readAllLines(out.resolve("seed-7/constant/critical-path/steps.csv"))).hasSize(1 + 12);
    // each hop trains the vertical experiment's DQN, evaluation rules and all, not a bare one
    assertThat(Files.readString(out.resolve("seed-7/train/emailservice/checkpoint/agent/agent.json")))
        .contains("\"rampUtilisation\" : " + Setup.RAMP_UTILISATION, "\"steadyTrim\" : " + Setup.STEADY_TRIM);
  }
}
