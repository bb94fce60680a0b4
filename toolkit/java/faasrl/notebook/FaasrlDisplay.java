package faasrl.notebook;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * Teaches a kernel built on jjava-jupyter to show Tablesaw tables as HTML and Plotly figures
 * inline (offline). The faasrl kernel installs it at start; JJava finds it through
 * {@code META-INF/services} when the toolkit jar is added with {@code %jars}.
 */
public final class FaasrlDisplay implements Extension {

  @Override public void install(BaseKernel kernel) {
    PlotlyHtml plots = new PlotlyHtml();
    kernel.getRenderer().createRegistration(Table.class)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register((table, ctx) -> {
          ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.render(table));
          ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print(2 * TableHtml.DEFAULT_EDGE_ROWS));
        });
    kernel.getRenderer().createRegistration(Figure.class)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register((figure, ctx) -> {
          ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> plots.render(figure));
          ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "Plotly figure with "
              + figure.getTraces().length + " trace(s)");
        });
  }
}
