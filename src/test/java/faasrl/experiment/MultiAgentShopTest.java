package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The multi-agent experiment's trace windows: evaluation never on a minute training saw. */
class MultiAgentShopTest {

  @Test void theBundledTraceHasADayForEachOfTheNineFunctions() {
    Map<String, int[]> t = MultiAgentShop.trace(MultiAgentShop.bundledTrace());
    assertThat(t.keySet()).containsExactlyElementsOf(MultiAgentShop.FUNCTIONS);
    t.values().forEach(row -> assertThat(row).hasSize(MultiAgentShop.DAY_MINUTES));
  }

  @Test void theBundledTraceIsWhatItsGeneratorWritesWithItsSeed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path again = dir.resolve("again.csv");
    faasrl.trace.SyntheticShopTrace.write(again, faasrl.trace.SyntheticShopTrace.SEED);
    assertThat(java.nio.file.Files.readString(again))
        .isEqualTo(java.nio.file.Files.readString(MultiAgentShop.bundledTrace()));
  }

  @Test void evaluationWindowsLieInTheSecondHalfAndTrainingWrapsInsideTheFirst() {
    for (long seed = 0; seed < 200; seed++) {
      int from = MultiAgentShop.evalFromMinute(seed, 90, 10);
      assertThat(from).isGreaterThan(MultiAgentShop.TRAIN_TO);
      assertThat(from + 17).isLessThanOrEqualTo(MultiAgentShop.DAY_MINUTES);
    }
    int[] counts = new int[MultiAgentShop.DAY_MINUTES];
    for (int m = 0; m < counts.length; m++) {
      counts[m] = m + 1;   // minute m + 1 holds m + 1 calls
    }
    int[] w = MultiAgentShop.window(counts, 1, 720, 1000);
    assertThat(w[0]).isEqualTo(1);
    assertThat(w[719]).isEqualTo(720);
    assertThat(w[720]).as("wraps to the window's start").isEqualTo(1);
    assertThat(java.util.Arrays.stream(w).max().getAsInt()).isEqualTo(720);
    assertThatThrownBy(() -> MultiAgentShop.evalFromMinute(7, 5000, 10)).hasMessageContaining("evaluation half");
  }
}
