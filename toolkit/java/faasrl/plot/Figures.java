package faasrl.plot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tech.tablesaw.api.Table;

/**
 * Writes {@link Chart}s as files that work offline: a static SVG (for reports, GitHub and
 * Markdown) and beside it an interactive HTML page whose plotly.js is bundled in the jar
 * ({@value #PLOTLY_RESOURCE}) and copied next to the pages once, never loaded from a CDN. The page
 * shows the SVG until plotly.js has drawn, and for good when scripts are off.
 *
 * <!-- given: Table steps -->
 * <pre>{@code
 * Chart c = Figures.line("CPU limit per step", steps, "step", "cpu_m", "agent");
 * Figures.writeHtml(c, Path.of("out/cpu_limit.html"));   // also writes out/cpu_limit.svg
 * }</pre>
 */
public final class Figures {
  /** plotly.js 1.58.5 (MIT). */
  public static final String PLOTLY_FILE = "plotly-1.58.5.min.js";
  public static final String PLOTLY_RESOURCE = "faasrl/plot/" + PLOTLY_FILE;

  private Figures() {}

  /** A line per value of {@code groupColumn} (null for one line) of {@code y} against {@code x}. */
  public static Chart line(String title, Table t, String x, String y, String groupColumn) {
    return Chart.lines(title, t, x, y, groupColumn);
  }

  /** The SVG that goes with the page {@code html}: same directory and name, {@code .svg}. */
  public static Path svgBeside(Path html) {
    String name = html.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return html.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + ".svg");
  }

  /** Writes {@code chart} as a static SVG at {@code svg}; returns its path. */
  public static Path writeSvg(Chart chart, Path svg) {
    try {
      Path dir = svg.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Files.writeString(svg, chart.svg());
      return svg;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write figure " + svg + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code chart} as an interactive page at {@code html}, with plotly.js and the static SVG
   * ({@link #svgBeside}) next to it; returns the page's path.
   */
  public static Path writeHtml(Chart chart, Path html) {
    try {
      Path dir = html.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      copyPlotly(dir);
      Path svg = writeSvg(chart, svgBeside(html));
      String json = chart.plotlyJson().replace("</", "<\\/");
      String page = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>"
          + SvgCanvas.esc(chart.title()) + "</title>\n<script src=\"" + PLOTLY_FILE + "\"></script>\n</head>\n<body>\n"
          + "<div id=\"plot\"><img src=\"" + svg.getFileName() + "\" alt=\"" + SvgCanvas.esc(chart.title())
          + "\"></div>\n<script>\nvar fig = " + json + ";\n"
          + "if (window.Plotly) { document.getElementById('plot').innerHTML = '';"
          + " Plotly.newPlot('plot', fig.data, fig.layout); }\n</script>\n</body>\n</html>\n";
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
