package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel starts reliably: 30 times in a row, through jupyter_client as Jupyter starts it, each
 * start runs a cell, checks its result and shuts the kernel down. (A JShell kernel known on the
 * registry fails about 40% of starts on 2 cores from a start race.)
 */
class KernelStartIT {
  static final int STARTS = 30;

  @Test void startsThirtyTimesInARow(@TempDir Path tmp) throws Exception {
    Jupyter jupyter = Jupyter.withKernel(tmp);
    JsonNode starts = jupyter.drive("{\"starts\": " + STARTS + "}", 60L * STARTS).get("starts");
    List<String> failures = new ArrayList<>();
    double total = 0;
    for (JsonNode s : starts) {
      total += s.get("seconds").asDouble();
      if (!s.get("ok").asBoolean()) {
        failures.add(s.get("detail").asText());
      }
    }
    assertThat(starts).hasSize(STARTS);
    assertThat(failures).as("failed starts").isEmpty();
    System.out.printf("kernel: %d starts, mean %.1f s from start to first result and shutdown%n",
        STARTS, total / STARTS);
  }
}
