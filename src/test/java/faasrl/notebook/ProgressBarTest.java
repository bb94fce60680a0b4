package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Outside a notebook the bar is one line on stderr, redrawn with a carriage return. */
class ProgressBarTest {

  @Test void drawsOnStderrOutsideANotebookAndEndsWithANewline() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      ProgressBar bar = ProgressBar.start("work", 4);
      bar.update(2, "half");
      assertThat(bar.text()).startsWith("work [" + "#".repeat(15) + ".".repeat(15) + "] 2/4 50%").endsWith("· half");
      bar.finish();
      assertThat(bar.done()).isEqualTo(4);
    } finally {
      System.setErr(saved);
    }
    String out = err.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith("\rwork [" + ".".repeat(30) + "] 0/4 0%");
    assertThat(out).endsWith("\n").contains("\rwork [" + "#".repeat(30) + "] 4/4 100%");
  }

  @Test void rejectsProgressOutsideItsRange() {
    ProgressBar bar = ProgressBar.start("x", 3);
    assertThatThrownBy(() -> bar.update(4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..3");
    assertThatThrownBy(() -> ProgressBar.start("x", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 1");
  }
}
