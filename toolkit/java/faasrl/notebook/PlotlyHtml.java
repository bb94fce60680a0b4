package faasrl.notebook;

import faasrl.plot.Figures;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import tech.tablesaw.plotly.components.Figure;

/**
 * Tablesaw Plotly figures as notebook HTML that works offline: the first figure a kernel shows
 * carries plotly.js itself (the copy in the toolkit jar that {@link Figures} uses, never loaded from
 * a CDN); later figures wait for it. One instance per kernel session, so plotly.js is in a notebook once.
 *
 * <pre>{@code
 * PlotlyHtml plots = new PlotlyHtml();
 * String html = plots.render(LinePlot.create("p90", table, "time_s", "p90_us"));
 * }</pre>
 */
public final class PlotlyHtml {
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
        + "<script>" + Figures.plotlyJs().replace("</script", "<\\/script") + "</script>\n"
        + "<script>window.define = window.__faasrlDefine; delete window.__faasrlDefine;</script>\n";
  }

  /** Tablesaw wraps its code in a script element; keep what is inside. */
  private static String scriptBody(String script) {
    String s = script.strip();
    int open = s.indexOf('>');
    int close = s.lastIndexOf("</script>");
    return s.startsWith("<script") && close > open ? s.substring(open + 1, close) + "\n" : s + "\n";
  }
}
