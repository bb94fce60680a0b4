package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed notebooks are what today's code produces, without executing them: each records the
 * {@link SourceHash} of the code that ran it, which must be this checkout's; each stays small, and
 * every figure in it carries a static PNG.
 */
class NotebookFreshnessTest {
  static final Path REPO = Path.of("").toAbsolutePath();
  static final Path NOTEBOOKS = REPO.resolve("notebooks");
  static final long MAX_BYTES = 600_000;
  private static final String SOURCE = SourceHash.of(REPO);

  static List<String> notebooks() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb")).sorted().toList();
    }
  }

  private static JsonNode read(String nb) throws IOException {
    return new ObjectMapper().readTree(NOTEBOOKS.resolve(nb).toFile());
  }

  @ParameterizedTest @MethodSource("notebooks")
  void wasExecutedByTodaysCode(String nb) throws IOException {
    String recorded = read(nb).path("metadata").path("faasrl").path("source").asText("(none)");
    assertThat(recorded).as("%s was executed by code with source=%s, this checkout is source=%s: regenerate the "
        + "notebooks with notebooks/regenerate (docs/notebooks.md)", nb, recorded, SOURCE).isEqualTo(SOURCE);
  }

  @ParameterizedTest @MethodSource("notebooks")
  void isSmall(String nb) throws IOException {
    assertThat(Files.size(NOTEBOOKS.resolve(nb))).as("%s in bytes", nb).isLessThanOrEqualTo(MAX_BYTES);
  }

  @ParameterizedTest @MethodSource("notebooks")
  void everyFigureHasAStaticImageAndNoOutputCarriesPlotlyJs(String nb) throws IOException {
    for (JsonNode cell : read(nb).path("cells")) {
      for (JsonNode out : cell.path("outputs")) {
        JsonNode data = out.path("data");
        String html = data.path("text/html").toString();
        assertThat(html.contains("plotly.js v")).as("%s: an output carries plotly.js", nb).isFalse();
        boolean figure = data.has(FaasrlDisplay.PLOTLY_MIME) || html.contains("Plotly.newPlot")
            || data.path("text/plain").toString().contains("Plotly figure");
        if (figure) {
          // the PNG, which every viewer and exporter shows (an SVG beside it would be picked first, and exports blank)
          assertThat(data.has("image/png") && !data.has("image/svg+xml"))
              .as("%s: a figure output without its PNG, or with an SVG: %s", nb, data.fieldNames()).isTrue();
        }
      }
    }
  }
}
