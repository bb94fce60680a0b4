package faasrl.plot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A {@link Chart} as Plotly's figure JSON, the {@code application/vnd.plotly.v1+json} that
 * JupyterLab and VS Code draw interactively, and what {@code Plotly.newPlot(div, data, layout)}
 * takes. A band is two traces: its lower edge, then its upper edge filled down to it.
 */
final class PlotlyJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PlotlyJson() {}

  static String of(Chart chart) {
    try {
      return JSON.writeValueAsString(tree(chart));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write chart " + chart.title() + " as JSON", e);
    }
  }

  static ObjectNode tree(Chart chart) {
    ObjectNode fig = NODES.objectNode();
    ArrayNode data = fig.putArray("data");
    List<Chart.Series> series = chart.series();
    for (int i = 0; i < series.size(); i++) {
      Chart.Series s = series.get(i);
      String colour = ChartPainter.colour(series, i);
      if (s.style() == Chart.Style.BAR) {
        ObjectNode bar = NODES.objectNode();
        bar.put("type", "bar").put("name", s.name());
        ArrayNode cats = bar.putArray("x");
        chart.categories().forEach(cats::add);
        bar.set("y", numbers(s.y()));
        bar.putObject("marker").put("color", colour);
        data.add(bar);
      } else if (s.style() == Chart.Style.BAND) {
        ObjectNode lower = trace(s.name(), s.x(), s.y(), "lines");
        lower.putObject("line").put("width", 0).put("color", colour);
        lower.put("showlegend", false).put("hoverinfo", "x+y");
        data.add(lower);
        ObjectNode upper = trace(s.name(), s.x(), s.y2(), "lines");
        upper.putObject("line").put("width", 0).put("color", colour);
        upper.put("fill", "tonexty").put("fillcolor", rgba(colour, 0.2));
        data.add(upper);
      } else {
        String mode = switch (s.style()) {
          case MARKERS -> "markers";
          case LINE_AND_MARKERS -> "lines+markers";
          default -> "lines";
        };
        ObjectNode t = trace(s.name(), s.x(), s.y(), mode);
        t.putObject("line").put("color", colour);
        t.putObject("marker").put("color", colour);
        data.add(t);
      }
    }
    ObjectNode layout = fig.putObject("layout");
    layout.putObject("title").put("text", chart.title());
    layout.putObject("xaxis").putObject("title").put("text", chart.xTitle());
    layout.putObject("yaxis").putObject("title").put("text", chart.yTitle());
    layout.put("width", ChartPainter.WIDTH).put("height", 460);
    if (!chart.categories().isEmpty()) {
      layout.put("barmode", "group");
    }
    return fig;
  }

  private static ObjectNode trace(String name, double[] x, double[] y, String mode) {
    ObjectNode t = NODES.objectNode();
    t.put("type", "scatter").put("mode", mode).put("name", name);
    t.set("x", numbers(x));
    t.set("y", numbers(y));
    return t;
  }

  /** NaN and infinities become null: gaps, as Plotly draws them. Six significant digits are plenty. */
  private static ArrayNode numbers(double[] values) {
    ArrayNode a = NODES.arrayNode(values.length);
    for (double v : values) {
      if (!Double.isFinite(v)) {
        a.addNull();
      } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        a.add((long) v);
      } else {
        a.add(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", v)));
      }
    }
    return a;
  }

  private static String rgba(String hex, double alpha) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    return "rgba(" + (rgb >> 16) + "," + ((rgb >> 8) & 0xff) + "," + (rgb & 0xff) + "," + alpha + ")";
  }
}
