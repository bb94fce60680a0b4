package faasrl.notebook;

import faasrl.plot.Figures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import tech.tablesaw.plotly.components.Figure;

/**
 * Tablesaw Plotly figures as notebook HTML that works offline: the first figure a kernel shows
 * carries plotly.js itself (bundled in the toolkit jar, never loaded from a CDN); later figures
 * wait for it. One instance per kernel session, so plotly.js is in a notebook once.
 *
 * <pre>{@code
 * PlotlyHtml plots = new PlotlyHtml();
 * String html = plots.render(LinePlot.create("p90", table, "time_s", "p90_us"));
 * }</pre>
 */
public final class PlotlyHtml {
  /** The minified plotly.js in the jar: the copy the experiments' figure pages use too. */
  public static final String PLOTLY_RESOURCE = Figures.PLOTLY_RESOURCE;

  private final AtomicBoolean bundled = new AtomicBoolean();

  /** The figure as a div and a script; the first call also carries plotly.js. */
  public String render(Figure figure) {
    // Tablesaw names a JavaScript variable after the div: letters, digits and underscores only
    String div = "faasrl_plot_" + UUID.randomUUID().toString().replace("-", "");
    StringBuilder html = new StringBuilder();
    if (!bundled.getAndSet(true)) {
      html.append(plotlyBundle());
    }
    html.append("<div id=\"").append(div).append("\"></div>\n")
        .append("<script>\n(function draw() {\n")
        .append("  if (!window.Plotly) { setTimeout(draw, 50); return; }\n")
        .append(scriptBody(figure.asJavascript(div)))
        .append("})();\n</script>\n");
    return html.toString();
  }

  /**
   * plotly.js as inline scripts. Classic Jupyter pages load RequireJS, whose {@code define} would
   * make plotly.js register as an AMD module instead of {@code window.Plotly}: hide it meanwhile.
   */
  static String plotlyBundle() {
    return "<script>window.__faasrlDefine = window.define; window.define = undefined;</script>\n"
        + "<script>" + plotlyJs().replace("</script", "<\\/script") + "</script>\n"
        + "<script>window.define = window.__faasrlDefine; delete window.__faasrlDefine;</script>\n";
  }

  /** The bundled plotly.min.js source. */
  public static String plotlyJs() {
    try (InputStream in = PlotlyHtml.class.getClassLoader().getResourceAsStream(PLOTLY_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(PLOTLY_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tablesaw wraps its code in a script element; keep what is inside. */
  private static String scriptBody(String script) {
    String s = script.strip();
    int open = s.indexOf('>');
    int close = s.lastIndexOf("</script>");
    return s.startsWith("<script") && close > open ? s.substring(open + 1, close) + "\n" : s + "\n";
  }
}
