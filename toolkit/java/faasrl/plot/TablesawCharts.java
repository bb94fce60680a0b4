package faasrl.plot;

import java.lang.reflect.Field;
import java.time.temporal.Temporal;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Reads a Tablesaw Plotly {@link Figure} of scatter or line traces (what {@code LinePlot} and
 * {@code ScatterPlot} make) back into a {@link Chart}, so it too gets a static image. Tablesaw keeps
 * the points in private fields with no getters, so they are read by reflection (Tablesaw 0.44).
 *
 * <!-- given: Table table -->
 * <pre>{@code
 * Chart c = TablesawCharts.of(LinePlot.create("p90", table, "step", "p90_us"));
 * }</pre>
 */
public final class TablesawCharts {
  private TablesawCharts() {}

  /** True if {@link #of} can convert {@code figure}: every trace is a scatter/line trace. */
  public static boolean convertible(Figure figure) {
    for (Trace t : figure.getTraces()) {
      if (!(t instanceof ScatterTrace)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The figure as a chart. A trace filled to the next y ({@code Fill.TO_NEXT_Y}) becomes a band
   * between the trace before it and itself.
   *
   * @throws IllegalArgumentException if a trace is not a scatter trace, or has non-numeric x or y
   */
  public static Chart of(Figure figure) {
    Layout layout = figure.getLayout();
    Chart.Builder b = Chart.builder(layout == null || layout.getTitle() == null ? "" : layout.getTitle())
        .xTitle(axisTitle(layout, "xAxis")).yTitle(axisTitle(layout, "yAxis"));
    Trace[] traces = figure.getTraces();
    String yTitle = axisTitle(layout, "yAxis");
    for (int i = 0; i < traces.length; i++) {
      if (!(traces[i] instanceof ScatterTrace t)) {
        throw new IllegalArgumentException("no static image for a " + traces[i].getClass().getSimpleName()
            + "; faasrl draws line and scatter figures (or build a faasrl.plot.Chart)");
      }
      double[] x = numbers(field(t, ScatterTrace.class, "x"), t.name());
      double[] y = numbers(field(t, ScatterTrace.class, "y"), t.name());
      boolean nextIsBand = i + 1 < traces.length && traces[i + 1] instanceof ScatterTrace next
          && "TO_NEXT_Y".equals(String.valueOf(field(next, ScatterTrace.class, "fill")));
      if (nextIsBand) {
        ScatterTrace upper = (ScatterTrace) traces[++i];
        b.band(nameOf(upper, yTitle), x, y, numbers(field(upper, ScatterTrace.class, "y"), upper.name()));
        continue;
      }
      String mode = String.valueOf(field(t, ScatterTrace.class, "mode"));
      Chart.Style style = switch (mode) {
        case "MARKERS", "TEXT_AND_MARKERS" -> Chart.Style.MARKERS;
        case "LINE_AND_MARKERS", "LINE_TEXT_AND_MARKERS" -> Chart.Style.LINE_AND_MARKERS;
        default -> Chart.Style.LINE;
      };
      b.series(new Chart.Series(nameOf(t, yTitle), style, x, y, null));
    }
    return b.build();
  }

  /** A single-line LinePlot leaves its trace unnamed: name it after the y axis. */
  private static String nameOf(ScatterTrace t, String yTitle) {
    return t.name() != null ? t.name() : yTitle.isEmpty() ? "y" : yTitle;
  }

  private static String axisTitle(Layout layout, String axis) {
    if (layout == null) {
      return "";
    }
    Object a = field(layout, Layout.class, axis);
    Object title = a instanceof Axis ? field(a, Axis.class, "title") : null;
    return title == null ? "" : title.toString();
  }

  private static Object field(Object o, Class<?> declaring, String name) {
    try {
      Field f = declaring.getDeclaredField(name);
      f.setAccessible(true);
      return f.get(o);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + declaring.getSimpleName() + "." + name
          + " (a Tablesaw version faasrl does not know?): " + e, e);
    }
  }

  private static double[] numbers(Object values, String trace) {
    if (values == null) {
      return new double[0];
    }
    Object[] a = (Object[]) values;
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null) {
        out[i] = Double.NaN;
      } else if (a[i] instanceof Number n) {
        out[i] = n.doubleValue();
      } else if (a[i] instanceof Temporal) {
        throw new IllegalArgumentException("trace " + trace + " has dates on an axis; faasrl's static figures "
            + "draw numbers only");
      } else {
        throw new IllegalArgumentException("trace " + trace + " has a non-numeric value " + a[i]);
      }
    }
    return out;
  }
}
