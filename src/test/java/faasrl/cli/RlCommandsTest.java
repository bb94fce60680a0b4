package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command-line contract of train, evaluate, validate and bench dqn. */
class RlCommandsTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter(), err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test void trainThenEvaluateTheSavedAgent(@TempDir Path dir) throws Exception {
    Run t = run("train", "--steps", "12", "--out", dir.resolve("t").toString(), "--quiet");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out()).startsWith("trained: 12 steps");
    assertThat(Files.readAllLines(dir.resolve("t/steps.csv"))).hasSize(13);
    Run e = run("evaluate", "--agent", "dqn", "--from", dir.resolve("t/checkpoint/agent").toString(), "--steps", "6",
        "--load", "poisson:200", "--out", dir.resolve("e").toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).startsWith("dqn: 6 steps");
  }

  @Test void validatesASavedAgentOnShortenedLoads(@TempDir Path dir) throws Exception {
    Run t = run("train", "--steps", "12", "--out", dir.resolve("t").toString(), "--quiet");
    assertThat(t.code()).as(t.err()).isZero();
    Run v = run("validate", "--from", dir.resolve("t/checkpoint/agent").toString(), "--scale", "0.05", "--out",
        dir.resolve("v").toString());
    assertThat(v.code()).as(v.err()).isZero();
    assertThat(v.out()).contains("oracles on the long constant loads").contains("| agent |")
        .contains("| " + dir.resolve("t/checkpoint/agent") + " | ");
    assertThat(Files.readAllLines(dir.resolve("v/validation.csv"))).hasSize(1 + 18);
    assertThat(dir.resolve("v/validation.md")).exists();
    // every load's step log, named by the training run: 3 steps of a 60-step burst load at 0.05, plus the header
    assertThat(Files.readAllLines(dir.resolve("v/steps/1-t/large-bursts/bursts-0/steps.csv"))).hasSize(1 + 3);
    try (var logs = Files.walk(dir.resolve("v/steps"))) {
      assertThat(logs.filter(p -> p.endsWith("steps.csv")).count()).isEqualTo(18);
    }
  }

  @Test void validatesRuleBasedScalersBesideTheAgentsAndAveragesOnlyTheAgents(@TempDir Path dir) throws Exception {
    for (String seed : new String[] {"1", "2"}) {
      Run t = run("train", "--steps", "12", "--seed", seed, "--out", dir.resolve(seed).toString(), "--quiet");
      assertThat(t.code()).as(t.err()).isZero();
    }
    Run v = run("validate", "--from", dir.resolve("1/checkpoint/agent").toString(), "--from",
        dir.resolve("2/checkpoint/agent").toString(), "--baselines", "hpa,vpa", "--scale", "0.05", "--out",
        dir.resolve("v").toString());
    assertThat(v.code()).as(v.err()).isZero();
    assertThat(v.out()).contains("| hpa | ").contains("| vpa | ").contains("| mean of 2, ± 95% interval | ");
    assertThat(Files.readAllLines(dir.resolve("v/validation.csv"))).hasSize(1 + 4 * 18);
    assertThat(dir.resolve("v/steps/2-2/mixed/mixed-0/steps.csv")).exists();
    assertThat(dir.resolve("v/steps/4-vpa/long-constant/90-rps/steps.csv")).exists();
    Run only = run("validate", "--baselines", "kpa", "--scale", "0.05");
    assertThat(only.code()).as(only.err()).isZero();
    assertThat(only.out()).contains("| kpa | ").doesNotContain("mean of");
  }

  @Test void validatesAFunctionAgainstItsOwnSloUnlessOneIsGiven() {
    Run checkout = run("validate", "--baselines", "vpa", "--function", "checkoutservice", "--scale", "0.05");
    assertThat(checkout.code()).as(checkout.err()).isZero();
    assertThat(checkout.out()).startsWith("Validation of checkoutservice, p90 SLO 15 ms");   // its callees' latency counts
    Run given = run("validate", "--baselines", "vpa", "--function", "checkoutservice", "--slo-ms", "40", "--scale", "0.05");
    assertThat(given.code()).as(given.err()).isZero();
    assertThat(given.out()).startsWith("Validation of checkoutservice, p90 SLO 40 ms");
  }

  @Test void evaluatesABaseline(@TempDir Path dir) {
    Run e = run("evaluate", "--agent", "hpa", "--steps", "8", "--load", "step:100:400:40", "--out", dir.toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).startsWith("hpa: 8 steps");
  }

  @Test void badInputGetsOneClearMessageAndExitCode2(@TempDir Path dir) {
    Run preset = run("train", "--preset", "fast", "--out", dir.toString());
    assertThat(preset.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(preset.err()).contains("--preset must be default, paper-vertical or paper-horizontal");
    Run agent = run("evaluate", "--agent", "magic", "--out", dir.toString());
    assertThat(agent.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(agent.err()).contains("--agent must be");
    Run from = run("evaluate", "--agent", "dqn", "--from", dir.resolve("none").toString(), "--out", dir.toString());
    assertThat(from.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(from.err()).contains("needs --from");
    Run notAgent = run("validate", "--from", dir.resolve("none").toString());
    assertThat(notAgent.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(notAgent.err()).contains("--from must be a saved agent");
    Run nothing = run("validate");
    assertThat(nothing.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(nothing.err()).contains("give at least one --from DIR (a saved agent) or --baselines kpa,hpa,vpa");
    Run baseline = run("validate", "--baselines", "hpa,static");
    assertThat(baseline.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(baseline.err()).contains("--baselines must name kpa, hpa or vpa, was 'static'");
    Run scale = run("validate", "--from", dir.toString(), "--scale", "2");
    assertThat(scale.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(scale.err()).contains("--scale must be in (0, 1], was 2.0");
    Run weight = run("train", "--constant-weight", "0", "--out", dir.resolve("w").toString(), "--quiet");
    assertThat(weight.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(weight.err()).contains("--constant-weight must be >= 1, was 0");
    assertThat(dir.resolve("w")).doesNotExist();   // refused before anything is written
    Run fn = run("train", "--function", "nosuch", "--out", dir.toString(), "--quiet");
    assertThat(fn.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(fn.err()).contains("nosuch");
  }

  @Test void benchDqnTimesAnUpdate() {
    Run b = run("bench", "dqn", "--updates", "20");
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(b.out()).containsPattern("dqn update \\(batch 32, MLP \\[64, 64\\]\\): median [0-9.]+ ms")
        .containsPattern("; mean [0-9.]+ ms, [0-9]+% of it in GC");
  }
}
