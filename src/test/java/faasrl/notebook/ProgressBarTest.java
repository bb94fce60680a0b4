package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Outside a notebook the bar goes to stderr: here, without a terminal, as whole lines. */
class ProgressBarTest {

  @Test void drawsLinesOnStderrOutsideANotebookAndTerminal() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      ProgressBar bar = ProgressBar.start("work", 4);
      bar.update(2, "half");
      assertThat(bar.text()).startsWith("work [" + "#".repeat(15) + ".".repeat(15) + "] 2/4 50%").endsWith("· half");
      bar.finish();
      assertThat(bar.done()).isEqualTo(4);
      bar.finish();
    } finally {
      System.setErr(saved);
    }
    String out = err.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("\r").endsWith("\n");
    assertThat(out.lines().toList()).isNotEmpty().hasSizeLessThanOrEqualTo(2)
        .last().asString().startsWith("work [" + "#".repeat(30) + "] 4/4 100%");
  }

  @Test void rejectsProgressOutsideItsRange() {
    ProgressBar bar = ProgressBar.start("x", 3);
    assertThatThrownBy(() -> bar.update(4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..3");
    assertThatThrownBy(() -> ProgressBar.start("x", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 1");
  }
}
