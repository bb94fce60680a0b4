package faasrl.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A log gets a line every N%; a terminal gets one line redrawn; both end once, at the total. */
class TerminalProgressTest {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  String written() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test void inALogALineEveryTenPercentAndOneAtTheEndEvenWhenTheWorkOverruns() {
    TerminalProgress p = TerminalProgress.on(out, 1600).inPlace(false).build();
    for (long i = 1; i <= 1608; i++) {
      long done = i;
      p.show(done, () -> "step " + Math.min(done, 1600) + "/1600 (" + done + ")");
    }
    assertThat(written()).doesNotContain("\r");
    assertThat(written().lines()).hasSize(10).startsWith("step 160/1600 (160)").endsWith("step 1600/1600 (1600)");
    assertThat(p.finished()).isTrue();
  }

  @Test void everyPercentSetsTheLines() {
    TerminalProgress p = TerminalProgress.on(out, 100).inPlace(false).everyPercent(25).build();
    for (long i = 0; i <= 100; i++) {
      long done = i;
      p.show(done, () -> Long.toString(done));
    }
    assertThat(written().lines()).containsExactly("25", "50", "75", "100");
  }

  @Test void onATerminalOneLineRedrawnInPlaceEndingWithOneLineEnd() {
    long[] now = {0};
    TerminalProgress p = TerminalProgress.on(out, 4).inPlace(true).clock(() -> now[0]).build();
    p.show(1, () -> "one, longer");
    now[0] += 50_000_000;
    p.show(2, () -> "two");          // 50 ms after the first frame: skipped
    now[0] += 60_000_000;
    p.show(3, () -> "three");        // 110 ms after it: drawn over the longer frame
    p.show(4, () -> "four");         // the end is always drawn
    p.show(5, () -> "five");         // past the end: nothing
    assertThat(written()).isEqualTo("\rone, longer\rthree      \rfour \n");
  }

  @Test void badSettingsAreRefused() {
    assertThatThrownBy(() -> TerminalProgress.on(out, 0)).hasMessageContaining("total must be >= 1, was 0");
    assertThatThrownBy(() -> TerminalProgress.on(out, 5).everyPercent(0)).hasMessageContaining("1..100 percent");
  }
}
