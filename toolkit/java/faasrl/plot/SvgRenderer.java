package faasrl.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Chart} as a static SVG document: axes with round ticks, grid, lines, markers,
 * shaded bands and a legend. Plain text out (deterministic for the same chart), so a figure shows
 * wherever SVG does: GitHub, nbviewer, an untrusted notebook, a page with scripts off.
 */
final class SvgRenderer {
  /** Plotly's default colours, so the static and the interactive form of a figure match. */
  static final List<String> PALETTE = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");
  static final int WIDTH = 720;
  private static final int PLOT_HEIGHT = 330;
  private static final int LEFT = 72;
  private static final int RIGHT = 24;
  private static final int TOP = 44;
  private static final int LEGEND_ROW = 18;

  private SvgRenderer() {}

  static String render(Chart chart) {
    List<Chart.Series> series = chart.series();
    List<String> categories = chart.categories();
    boolean bars = series.stream().anyMatch(se -> se.style() == Chart.Style.BAR);
    long barSeries = series.stream().filter(se -> se.style() == Chart.Style.BAR).count();
    Range xr = bars ? new Range(-0.5, Math.max(0, categories.size() - 1) + 0.5) : Range.of(series, true);
    Range yr = Range.of(series, false);
    if (bars) {
      yr = new Range(Math.min(0, yr.lo), Math.max(0, yr.hi));
    }
    double[] xt = bars ? java.util.stream.IntStream.range(0, categories.size()).asDoubleStream().toArray() : ticks(xr);
    double[] yt = ticks(yr);
    Range xs = bars ? xr : new Range(Math.min(xr.lo, xt[0]), Math.max(xr.hi, xt[xt.length - 1]));
    Range ys = new Range(Math.min(yr.lo, yt[0]), Math.max(yr.hi, yt[yt.length - 1]));
    boolean legend = series.size() > 1;
    int legendRows = legend ? legendRows(series) : 0;
    int plotBottom = TOP + PLOT_HEIGHT;
    int height = plotBottom + 52 + legendRows * LEGEND_ROW;
    double plotW = WIDTH - LEFT - RIGHT;
    Scale sx = v -> LEFT + (v - xs.lo) / (xs.hi - xs.lo) * plotW;
    Scale sy = v -> plotBottom - (v - ys.lo) / (ys.hi - ys.lo) * PLOT_HEIGHT;

    StringBuilder s = new StringBuilder(4096);
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
    s.append("<title>").append(esc(chart.title())).append("</title>\n");
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    s.append("<text x=\"").append(WIDTH / 2).append("\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">")
        .append(esc(chart.title())).append("</text>\n");
    // grid and tick labels
    s.append("<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
    for (double t : xt) {
      s.append("<line x1=\"").append(f(sx.at(t))).append("\" y1=\"").append(TOP).append("\" x2=\"")
          .append(f(sx.at(t))).append("\" y2=\"").append(plotBottom).append("\"/>\n");
    }
    for (double t : yt) {
      s.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(f(sy.at(t))).append("\" x2=\"")
          .append(WIDTH - RIGHT).append("\" y2=\"").append(f(sy.at(t))).append("\"/>\n");
    }
    s.append("</g>\n<g fill=\"#444444\">\n");
    for (double t : xt) {
      String label = bars ? esc(categories.get((int) t)) : tickLabel(t, xt);
      s.append("<text x=\"").append(f(sx.at(t))).append("\" y=\"").append(plotBottom + 16)
          .append("\" text-anchor=\"middle\">").append(label).append("</text>\n");
    }
    for (double t : yt) {
      s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(sy.at(t) + 4))
          .append("\" text-anchor=\"end\">").append(tickLabel(t, yt)).append("</text>\n");
    }
    s.append("</g>\n");
    s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(f(plotW))
        .append("\" height=\"").append(PLOT_HEIGHT).append("\" fill=\"none\" stroke=\"#888888\"/>\n");
    s.append("<text x=\"").append(f(LEFT + plotW / 2)).append("\" y=\"").append(plotBottom + 36)
        .append("\" text-anchor=\"middle\">").append(esc(chart.xTitle())).append("</text>\n");
    s.append("<text transform=\"translate(16,").append(TOP + PLOT_HEIGHT / 2).append(") rotate(-90)\" ")
        .append("text-anchor=\"middle\">").append(esc(chart.yTitle())).append("</text>\n");
    // data, clipped to the plot area
    // ids must differ between figures inlined in one page; the same chart gets the same id
    String clip = "faasrl-clip-" + Integer.toHexString(chart.title().hashCode() ^ series.hashCode());
    s.append("<clipPath id=\"").append(clip).append("\"><rect x=\"").append(LEFT).append("\" y=\"").append(TOP)
        .append("\" width=\"").append(f(plotW)).append("\" height=\"").append(PLOT_HEIGHT)
        .append("\"/></clipPath>\n<g clip-path=\"url(#").append(clip).append(")\">\n");
    int barIndex = 0;
    for (int i = 0; i < series.size(); i++) {
      Chart.Series se = series.get(i);
      String colour = colour(series, i);
      if (se.style() == Chart.Style.BAR) {
        double slot = 0.8 / barSeries;
        s.append(barRects(se.x(), se.y(), -0.4 + barIndex * slot, slot, sx, sy, colour));
        barIndex++;
        continue;
      }
      double[] x = se.x();
      double[] y = se.y();
      switch (se.style()) {
        case BAND -> s.append(band(x, y, se.y2(), sx, sy, colour));
        case LINE -> s.append(path(x, y, sx, sy, colour));
        case MARKERS -> s.append(markers(x, y, sx, sy, colour));
        case LINE_AND_MARKERS -> s.append(path(x, y, sx, sy, colour)).append(markers(x, y, sx, sy, colour));
        default -> { }
      }
    }
    s.append("</g>\n");
    if (legend) {
      s.append(legend(series, plotBottom + 50));
    }
    return s.append("</svg>\n").toString();
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

  private static String path(double[] x, double[] y, Scale sx, Scale sy, String colour) {
    StringBuilder d = new StringBuilder();
    boolean pen = false;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
        pen = false;
        continue;
      }
      d.append(pen ? 'L' : 'M').append(f(sx.at(x[i]))).append(',').append(f(sy.at(y[i])));
      pen = true;
    }
    return "<path fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" stroke-linejoin=\"round\" d=\""
        + d + "\"/>\n";
  }

  private static String barRects(double[] x, double[] y, double offset, double width, Scale sx, Scale sy,
      String colour) {
    StringBuilder r = new StringBuilder("<g fill=\"").append(colour).append("\">");
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(y[i])) {
        double x0 = sx.at(x[i] + offset);
        double x1 = sx.at(x[i] + offset + width);
        double top = Math.min(sy.at(y[i]), sy.at(0));
        double h = Math.abs(sy.at(y[i]) - sy.at(0));
        r.append("<rect x=\"").append(f(x0 + 1)).append("\" y=\"").append(f(top)).append("\" width=\"")
            .append(f(Math.max(1, x1 - x0 - 2))).append("\" height=\"").append(f(h)).append("\"/>");
      }
    }
    return r.append("</g>\n").toString();
  }

  private static String markers(double[] x, double[] y, Scale sx, Scale sy, String colour) {
    StringBuilder m = new StringBuilder("<g fill=\"").append(colour).append("\">");
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        m.append("<circle cx=\"").append(f(sx.at(x[i]))).append("\" cy=\"").append(f(sy.at(y[i])))
            .append("\" r=\"3\"/>");
      }
    }
    return m.append("</g>\n").toString();
  }

  private static String band(double[] x, double[] lo, double[] hi, Scale sx, Scale sy, String colour) {
    List<Integer> ok = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(lo[i]) && Double.isFinite(hi[i])) {
        ok.add(i);
      }
    }
    StringBuilder pts = new StringBuilder();
    for (int i : ok) {
      pts.append(f(sx.at(x[i]))).append(',').append(f(sy.at(hi[i]))).append(' ');
    }
    for (int k = ok.size() - 1; k >= 0; k--) {
      int i = ok.get(k);
      pts.append(f(sx.at(x[i]))).append(',').append(f(sy.at(lo[i]))).append(' ');
    }
    return "<polygon fill=\"" + colour + "\" fill-opacity=\"0.2\" stroke=\"none\" points=\"" + pts.toString().strip()
        + "\"/>\n";
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
    return 34 + 6.5 * Math.min(60, se.name().length());
  }

  private static String legend(List<Chart.Series> series, int top) {
    StringBuilder s = new StringBuilder("<g>\n");
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
        s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(y - 9).append("\" width=\"24\" height=\"10\" fill=\"")
            .append(colour).append("\" fill-opacity=\"").append(se.style() == Chart.Style.BAR ? "1" : "0.2").append("\"/>");
      } else {
        s.append("<line x1=\"").append(f(x)).append("\" y1=\"").append(y - 4).append("\" x2=\"").append(f(x + 24))
            .append("\" y2=\"").append(y - 4).append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>");
      }
      String name = se.name().length() > 60 ? se.name().substring(0, 59) + "…" : se.name();
      s.append("<text x=\"").append(f(x + 30)).append("\" y=\"").append(y).append("\">").append(esc(name))
          .append("</text>\n");
      x += w;
    }
    return s.append("</g>\n").toString();
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

  static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  @FunctionalInterface
  private interface Scale {
    double at(double v);
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
