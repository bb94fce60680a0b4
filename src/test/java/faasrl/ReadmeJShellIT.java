package faasrl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "A first look from JShell" runs in JShell, as a user pastes it, against the shaded
 * jar: every snippet is accepted and the step's metrics print. (DocExamplesTest compiles it; this
 * runs it in the real tool, whose parsing and imports are what a user meets.)
 */
class ReadmeJShellIT {
  @Test void theReadmesJShellSessionRuns(@TempDir Path tmp) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    List<DocExamplesTest.Block> blocks = DocExamplesTest.markdownBlocks("README.md",
        Files.readAllLines(root.resolve("README.md")));
    String session = blocks.stream().map(DocExamplesTest.Block::text)
        .filter(t -> t.startsWith("// jshell --class-path target/faasrl.jar")).findFirst().orElseThrow();
    Path script = Files.writeString(tmp.resolve("readme.jsh"), session + "/exit\n");
    Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
    Path log = tmp.resolve("jshell.log");
    Process p = new ProcessBuilder(jshell.toString(), "--class-path", root.resolve("target/faasrl.jar").toString(),
        script.toString()).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    p.getOutputStream().close();
    boolean ended = p.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as("jshell ended within 5 minutes; its output:%n%s", out).isTrue();
    assertThat(out).as("jshell's output").doesNotContain("Error:").contains("adservice[300m x1 p50=")
        .contains("cpu_used_cores");
    assertThat(p.exitValue()).isZero();
  }
}
