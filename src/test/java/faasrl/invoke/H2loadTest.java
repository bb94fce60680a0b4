package faasrl.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading h2load's output, from text it printed (nghttp2 1.52) against a no-op SayHello server. */
class H2loadTest {

  @Test
  void readsAchievedRateFailuresAndTheMedianOfTheLog() throws IOException {
    List<String> log = List.of("1796202044193241\t200\t22978", "1796202044211106\t200\t5280",
        "1796202044211106\t200\t5284", "1796202044211200\t200\t300", "1796202044211300\t503\t1");
    H2load.Row row = H2load.parse(sample("h2load-output.txt"), 1000, log);
    assertThat(row.askedRps()).isEqualTo(1000);
    assertThat(row.achievedRps()).isEqualTo(991.13);
    assertThat(row.failed()).isZero();
    assertThat(row.p50Micros()).as("median of the four 200s, the 503 left out").isEqualTo(5280);
    assertThat(row.toString()).isEqualTo("h2load rps=1000 achieved=991.1 failed=0 p50_us=5280");
  }

  @Test
  void aRefusedConnectionCountsEveryRequestOnceAsFailed() throws IOException {
    H2load.Row row = H2load.parse(sample("h2load-refused.txt"), 100, List.of());
    assertThat(row.failed()).isEqualTo(100);
    assertThat(row.achievedRps()).isZero();
    assertThat(row.p50Micros()).as("no reply, no latency").isNaN();
  }

  @Test
  void outputWithoutASummaryIsRefusedWithWhatItSaid() {
    assertThatThrownBy(() -> H2load.parse("invalid URI: x", 10, List.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no summary").hasMessageContaining("invalid URI");
  }

  private static String sample(String name) throws IOException {
    try (InputStream in = H2loadTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
