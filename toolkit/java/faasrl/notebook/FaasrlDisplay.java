package faasrl.notebook;

import com.google.gson.JsonParser;
import java.util.Base64;
import java.util.Map;
import faasrl.plot.Chart;
import faasrl.plot.TablesawCharts;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * Teaches a kernel built on jjava-jupyter to show Tablesaw tables as HTML, and charts (faasrl
 * {@link Chart}s and Tablesaw line/scatter figures) as a static PNG next to Plotly's JSON: the PNG
 * shows everywhere (GitHub, nbviewer, untrusted notebooks, any nbconvert's HTML export, scripts
 * off), JupyterLab and VS Code draw the JSON interactively, and no output carries plotly.js itself.
 * The PNG rather than the SVG because front-ends and exporters pick SVG over PNG when both are
 * there, and Debian 12's nbconvert 6.5 exports inline SVG blank. The faasrl kernel installs it at
 * start; JJava finds it through {@code META-INF/services} when the toolkit jar is added with
 * {@code %jars}.
 */
public final class FaasrlDisplay implements Extension {
  /** Plotly's figure JSON, drawn by JupyterLab and VS Code. */
  public static final String PLOTLY_MIME = "application/vnd.plotly.v1+json";
  private static final MIMEType PLOTLY = MIMEType.parse(PLOTLY_MIME);

  @Override public void install(BaseKernel kernel) {
    kernel.getRenderer().createRegistration(Table.class)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register((table, ctx) -> {
          ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.render(table));
          ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print(2 * TableHtml.DEFAULT_EDGE_ROWS));
        });
    kernel.getRenderer().createRegistration(Chart.class)
        .preferring(MIMEType.IMAGE_PNG, PLOTLY, MIMEType.TEXT_PLAIN)
        .supporting(MIMEType.IMAGE_SVG)
        .register(FaasrlDisplay::renderChart);
    kernel.getRenderer().createRegistration(Figure.class)
        .preferring(MIMEType.IMAGE_PNG, PLOTLY, MIMEType.TEXT_PLAIN)
        .supporting(MIMEType.IMAGE_SVG)
        .register((figure, ctx) -> {
          if (TablesawCharts.convertible(figure)) {
            renderChart(TablesawCharts.of(figure), ctx);
          } else {
            ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "Plotly figure with " + figure.getTraces().length
                + " trace(s); faasrl draws line and scatter figures only (or build a faasrl.plot.Chart)");
          }
        });
  }

  private static void renderChart(Chart chart, RenderContext ctx) {
    // drawn at twice its size, shown at its size: sharp on high-density screens
    ctx.renderIfRequested(MIMEType.IMAGE_PNG, (type, out) -> out.putData(type,
        Base64.getEncoder().encodeToString(chart.png()), Map.of("width", chart.width())));
    ctx.renderIfRequested(MIMEType.IMAGE_SVG, chart::svg); // only when asked for: display(chart, "image/svg+xml")
    // a JSON object in the bundle, not a string holding JSON, as front-ends expect
    ctx.renderIfRequested(PLOTLY, () -> JsonParser.parseString(chart.plotlyJson()));
    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, chart::toString);
  }
}
