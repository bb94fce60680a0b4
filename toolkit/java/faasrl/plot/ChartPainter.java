package faasrl.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Lays a {@link Chart} out once (axes with round ticks, grid, lines, markers, shaded bands, bars
 * and a legend) and draws it onto any {@link Canvas}: the SVG and the PNG of a chart come from this
 * one layout. Deterministic: the same chart always draws the same picture.
 */
final class ChartPainter {
  /** Plotly's default colours, so the static and the interactive form of a figure match. */
  static final List<String> PALETTE = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");
  static final int WIDTH = 720;
  private static final int PLOT_HEIGHT = 330;
  private static final int LEFT = 72;
  private static final int RIGHT = 24;
  private static final int TOP = 44;
  private static final int LEGEND_ROW = 18;
  private static final String LABEL = "#444444";
  private static final String INK = "#000000";

  private final Chart chart;
  private final boolean bars;
  private final double[] xTicks;
  private final double[] yTicks;
  private final Range xs;
  private final Range ys;
  private final int height;

  ChartPainter(Chart chart) {
    this.chart = chart;
    List<Chart.Series> series = chart.series();
    bars = series.stream().anyMatch(se -> se.style() == Chart.Style.BAR);
    Range xr = bars ? new Range(-0.5, Math.max(0, chart.categories().size() - 1) + 0.5) : Range.of(series, true);
    Range yr = Range.of(series, false);
    if (bars) {
      yr = new Range(Math.min(0, yr.lo), Math.max(0, yr.hi));
    }
    xTicks = bars ? IntStream.range(0, chart.categories().size()).asDoubleStream().toArray() : ticks(xr);
    yTicks = ticks(yr);
    xs = bars ? xr : new Range(Math.min(xr.lo, xTicks[0]), Math.max(xr.hi, xTicks[xTicks.length - 1]));
    ys = new Range(Math.min(yr.lo, yTicks[0]), Math.max(yr.hi, yTicks[yTicks.length - 1]));
    int legendRows = series.size() > 1 ? legendRows(series) : 0;
    height = TOP + PLOT_HEIGHT + 52 + legendRows * LEGEND_ROW;
  }

  int width() {
    return WIDTH;
  }

  int height() {
    return height;
  }

  /** An id for the chart's clip path: ids must differ between figures inlined in one page; the same chart gets the same id. */
  String id() {
    return "faasrl-clip-" + Integer.toHexString(chart.title().hashCode() ^ chart.series().hashCode());
  }

  private double plotW() {
    return WIDTH - LEFT - RIGHT;
  }

  private double sx(double v) {
    return LEFT + (v - xs.lo) / (xs.hi - xs.lo) * plotW();
  }

  private double sy(double v) {
    return TOP + PLOT_HEIGHT - (v - ys.lo) / (ys.hi - ys.lo) * PLOT_HEIGHT;
  }

  private double[] sx(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Double.isFinite(v[i]) ? sx(v[i]) : Double.NaN;
    }
    return out;
  }

  private double[] sy(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Double.isFinite(v[i]) ? sy(v[i]) : Double.NaN;
    }
    return out;
  }

  void paint(Canvas c) {
    List<Chart.Series> series = chart.series();
    int plotBottom = TOP + PLOT_HEIGHT;
    c.rect(0, 0, WIDTH, height, "#ffffff", 1, null);
    c.text(WIDTH / 2.0, 24, chart.title(), Canvas.Anchor.MIDDLE, 15, INK, false);
    for (double t : xTicks) {
      c.line(sx(t), TOP, sx(t), plotBottom, "#e5e5e5", 1);
    }
    for (double t : yTicks) {
      c.line(LEFT, sy(t), WIDTH - RIGHT, sy(t), "#e5e5e5", 1);
    }
    for (double t : xTicks) {
      String label = bars ? chart.categories().get((int) t) : tickLabel(t, xTicks);
      c.text(sx(t), plotBottom + 16, label, Canvas.Anchor.MIDDLE, 12, LABEL, false);
    }
    for (double t : yTicks) {
      c.text(LEFT - 6, sy(t) + 4, tickLabel(t, yTicks), Canvas.Anchor.END, 12, LABEL, false);
    }
    c.rect(LEFT, TOP, plotW(), PLOT_HEIGHT, null, 0, "#888888");
    c.text(LEFT + plotW() / 2, plotBottom + 36, chart.xTitle(), Canvas.Anchor.MIDDLE, 12, INK, false);
    c.text(16, TOP + PLOT_HEIGHT / 2.0, chart.yTitle(), Canvas.Anchor.MIDDLE, 12, INK, true);
    c.clip(LEFT, TOP, plotW(), PLOT_HEIGHT);
    long barSeries = series.stream().filter(se -> se.style() == Chart.Style.BAR).count();
    int barIndex = 0;
    for (int i = 0; i < series.size(); i++) {
      Chart.Series se = series.get(i);
      String colour = colour(series, i);
      double[] x = se.x();
      double[] y = se.y();
      switch (se.style()) {
        case BAR -> {
          double slot = 0.8 / barSeries;
          bars(c, x, y, -0.4 + barIndex * slot, slot, colour);
          barIndex++;
        }
        case BAND -> band(c, x, y, se.y2(), colour);
        case LINE -> c.polyline(sx(x), sy(y), colour, 2);
        case MARKERS -> c.dots(sx(x), sy(y), 3, colour);
        case LINE_AND_MARKERS -> {
          c.polyline(sx(x), sy(y), colour, 2);
          c.dots(sx(x), sy(y), 3, colour);
        }
        default -> { }
      }
    }
    c.unclip();
    if (series.size() > 1) {
      legend(c, series, plotBottom + 50);
    }
  }

  /** A band takes the colour of the line drawn after it (its mean), a line its own. */
  static String colour(List<Chart.Series> series, int index) {
    int lines = 0;
    for (int i = 0; i < index; i++) {
      if (series.get(i).style() != Chart.Style.BAND) {
        lines++;
      }
    }
    return PALETTE.get(lines % PALETTE.size());
  }

  private void bars(Canvas c, double[] x, double[] y, double offset, double width, String colour) {
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(y[i])) {
        double x0 = sx(x[i] + offset);
        double x1 = sx(x[i] + offset + width);
        double top = Math.min(sy(y[i]), sy(0));
        c.rect(x0 + 1, top, Math.max(1, x1 - x0 - 2), Math.abs(sy(y[i]) - sy(0)), colour, 1, null);
      }
    }
  }

  private void band(Canvas c, double[] x, double[] lo, double[] hi, String colour) {
    List<Integer> ok = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(lo[i]) && Double.isFinite(hi[i])) {
        ok.add(i);
      }
    }
    int n = ok.size();
    double[] px = new double[2 * n];
    double[] py = new double[2 * n];
    for (int k = 0; k < n; k++) {
      int i = ok.get(k);
      px[k] = sx(x[i]);
      py[k] = sy(hi[i]);
      int j = ok.get(n - 1 - k);
      px[n + k] = sx(x[j]);
      py[n + k] = sy(lo[j]);
    }
    c.polygon(px, py, colour, 0.2);
  }

  private static int legendRows(List<Chart.Series> series) {
    int rows = 1;
    double x = LEFT;
    for (Chart.Series se : series) {
      double w = entryWidth(se);
      if (x + w > WIDTH - RIGHT && x > LEFT) {
        rows++;
        x = LEFT;
      }
      x += w;
    }
    return rows;
  }

  private static double entryWidth(Chart.Series se) {
    return 36 + 7.2 * Math.min(60, se.name().length());
  }

  private static void legend(Canvas c, List<Chart.Series> series, int top) {
    double x = LEFT;
    int y = top;
    for (int i = 0; i < series.size(); i++) {
      Chart.Series se = series.get(i);
      double w = entryWidth(se);
      if (x + w > WIDTH - RIGHT && x > LEFT) {
        y += LEGEND_ROW;
        x = LEFT;
      }
      String colour = colour(series, i);
      if (se.style() == Chart.Style.BAND || se.style() == Chart.Style.BAR) {
        c.rect(x, y - 9, 24, 10, colour, se.style() == Chart.Style.BAR ? 1 : 0.2, null);
      } else {
        c.line(x, y - 4, x + 24, y - 4, colour, 2);
      }
      String name = se.name().length() > 60 ? se.name().substring(0, 59) + "…" : se.name();
      c.text(x + 30, y, name, Canvas.Anchor.START, 12, INK, false);
      x += w;
    }
  }

  /** About five round ticks (1, 2 or 5 times a power of ten apart) covering the range. */
  static double[] ticks(Range r) {
    double span = r.hi - r.lo;
    double raw = span / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double norm = raw / mag;
    double step = (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
    double first = Math.floor(r.lo / step + 1e-9) * step;
    double last = Math.ceil(r.hi / step - 1e-9) * step;
    int n = (int) Math.round((last - first) / step) + 1;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = first + i * step;
      if (Math.abs(t[i]) < step * 1e-9) {
        t[i] = 0;
      }
    }
    return t;
  }

  /** A tick as people write it: as few decimals as the tick step needs, k and M for big values. */
  static String tickLabel(double v, double[] ticks) {
    double step = ticks.length > 1 ? ticks[1] - ticks[0] : Math.max(1, Math.abs(v));
    double max = Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1]));
    if (max >= 1e6 && step >= 1e5) {
      return trim(String.format(Locale.ROOT, "%.2f", v / 1e6)) + "M";
    }
    if (max >= 1e4 && step >= 1e3) {
      return trim(String.format(Locale.ROOT, "%.2f", v / 1e3)) + "k";
    }
    int decimals = (int) Math.max(0, Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String trim(String s) {
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  /** The finite range of the x (or y) values of every series, never empty. */
  record Range(double lo, double hi) {
    static Range of(List<Chart.Series> series, boolean x) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (Chart.Series s : series) {
        for (double[] values : x ? List.of(s.x()) : s.y2() == null ? List.of(s.y()) : List.of(s.y(), s.y2())) {
          for (double v : values) {
            if (Double.isFinite(v)) {
              lo = Math.min(lo, v);
              hi = Math.max(hi, v);
            }
          }
        }
      }
      if (lo > hi) {
        return new Range(0, 1);
      }
      if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
        double pad = Math.max(1, Math.abs(hi) * 0.1);
        return new Range(lo - pad, hi + pad);
      }
      return new Range(lo, hi);
    }
  }
}
