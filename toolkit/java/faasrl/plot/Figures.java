package faasrl.plot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.LinePlot;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Page;

/**
 * Writes Tablesaw Plotly figures as HTML pages that work offline: plotly.js is bundled in the jar
 * ({@value #PLOTLY_RESOURCE}) and copied next to the pages once, never loaded from a CDN.
 *
 * <pre>{@code
 * Figure f = Figures.line("CPU limit per step", steps, "step", "cpu_m", "agent");
 * Figures.writeHtml(f, Path.of("out/cpu_limit.html"));
 * }</pre>
 */
public final class Figures {
  /** plotly.js 1.58.5 (MIT), the last 1.x: Tablesaw 0.44's templates use its API. */
  public static final String PLOTLY_FILE = "plotly-1.58.5.min.js";
  public static final String PLOTLY_RESOURCE = "faasrl/plot/" + PLOTLY_FILE;

  private Figures() {}

  /** A line per value of {@code groupColumn} (null for one line) of {@code y} against {@code x}. */
  public static Figure line(String title, Table t, String x, String y, String groupColumn) {
    return groupColumn == null ? LinePlot.create(title, t, x, y) : LinePlot.create(title, t, x, y, groupColumn);
  }

  /** Writes {@code figure} as a page at {@code html}, with plotly.js beside it; returns the page's path. */
  public static Path writeHtml(Figure figure, Path html) {
    try {
      Path dir = html.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      copyPlotly(dir);
      String page = Page.pageBuilder(figure, "plot").plotlyJsLocation(PLOTLY_FILE).build().asJavascript();
      Files.writeString(html, page);
      return html;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write figure " + html + ": " + e.getMessage(), e);
    }
  }

  /** Copies plotly.js into {@code dir} unless it is there already. */
  public static void copyPlotly(Path dir) throws IOException {
    Path target = dir.resolve(PLOTLY_FILE);
    if (!Files.exists(target)) {
      try (InputStream in = resource()) {
        Path tmp = Files.createTempFile(dir, "plotly", ".tmp");
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static InputStream resource() throws IOException {
    InputStream in = Figures.class.getClassLoader().getResourceAsStream(PLOTLY_RESOURCE);
    if (in == null) {
      throw new IOException("plotly.js is missing from the classpath (" + PLOTLY_RESOURCE + ")");
    }
    return in;
  }
}
