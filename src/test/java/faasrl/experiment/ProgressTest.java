package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A run's bar where stderr is not a terminal (as in a test or {@code faasrl train > log 2>&1}): a
 * line every 10%, never past the total, however many steps RL4J runs beyond it.
 */
class ProgressTest {
  @Test void aLogGetsTenLinesAndTheBarStopsAtTheTotal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress bar = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "train rl4j", 0, 1600);
    for (long done = 1; done <= 1608; done++) {
      bar.update(done, "reward -1.00");
    }
    String log = bytes.toString(StandardCharsets.UTF_8);
    assertThat(log).doesNotContain("\r").doesNotContain("1608").doesNotContain("1601/");
    assertThat(log.lines()).hasSize(10);
    assertThat(log.lines().toList().get(9)).startsWith("train rl4j [" + "#".repeat(30) + "] 1600/1600 reward -1.00");
  }

  @Test void noStreamNoOutput() {
    new Progress(null, "eval kpa", 0, 10).update(10, "");
  }
}
