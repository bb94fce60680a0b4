package faasrl.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * A line chart as an immutable value: a title, axis titles and series of (x, y) points, some of
 * which may be bands (a shaded range between a lower and an upper y). It renders to static images
 * made on the JVM with no browser and no network, an SVG ({@link #svg()}) and a PNG
 * ({@link #png()}), both drawn from one layout so they show the same picture, and to Plotly's JSON
 * ({@link #plotlyJson()}) for the interactive form.
 *
 * <!-- given: double[] episodes; double[] min; double[] max; double[] mean -->
 * <pre>{@code
 * Chart c = Chart.builder("reward per episode").xTitle("episode").yTitle("reward")
 *     .band("min to max", episodes, min, max)
 *     .line("mean", episodes, mean)
 *     .build();
 * Files.writeString(Path.of("reward.svg"), c.svg());
 * Files.write(Path.of("reward.png"), c.png());
 * }</pre>
 */
public final class Chart {
  /** Device pixels per chart pixel in {@link #png()}: sharp on high-density screens shown at {@link #width()}. */
  public static final int PNG_SCALE = 2;

  private final String title;
  private final String xTitle;
  private final String yTitle;
  private final List<Series> series;
  private final List<String> categories;

  private Chart(Builder b) {
    this.title = b.title;
    this.xTitle = b.xTitle;
    this.yTitle = b.yTitle;
    this.series = List.copyOf(b.series);
    this.categories = List.copyOf(b.categories);
    for (Series s : series) {
      if (s.style() == Style.BAR && s.x().length != categories.size()) {
        throw new IllegalArgumentException("bars " + s.name() + " have " + s.x().length + " values for "
            + categories.size() + " categories");
      }
    }
  }

  /** A chart builder with {@code title}. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /**
   * {@code y} against {@code x} of table {@code t}, one line per value of {@code groupColumn} (or
   * one line when it is null), in order of first appearance.
   */
  public static Chart lines(String title, Table t, String x, String y, String groupColumn) {
    Builder b = builder(title).xTitle(x).yTitle(y);
    double[] xs = numbers(t, x);
    double[] ys = numbers(t, y);
    if (groupColumn == null) {
      return b.line(y, xs, ys).build();
    }
    Map<String, List<Integer>> rows = new LinkedHashMap<>();
    for (int i = 0; i < t.rowCount(); i++) {
      rows.computeIfAbsent(t.column(groupColumn).getString(i), k -> new ArrayList<>()).add(i);
    }
    rows.forEach((group, idx) -> b.line(group, idx.stream().mapToDouble(i -> xs[i]).toArray(),
        idx.stream().mapToDouble(i -> ys[i]).toArray()));
    return b.build();
  }

  /**
   * Per-group means of {@code y} as a line, with a band of one standard deviation either side
   * (clipped to the group's minimum and maximum): e.g. a training curve as per-episode means, with
   * {@code group} the episode column. Groups are numeric and drawn at their value, in order.
   */
  public static Chart meansWithBand(String title, Table t, String group, String y) {
    double[] g = numbers(t, group);
    double[] v = numbers(t, y);
    java.util.TreeMap<Double, List<Double>> byGroup = new java.util.TreeMap<>();
    for (int i = 0; i < g.length; i++) {
      if (Double.isFinite(v[i])) {
        byGroup.computeIfAbsent(g[i], k -> new ArrayList<>()).add(v[i]);
      }
    }
    int n = byGroup.size();
    double[] x = new double[n];
    double[] mean = new double[n];
    double[] lo = new double[n];
    double[] hi = new double[n];
    int k = 0;
    for (Map.Entry<Double, List<Double>> e : byGroup.entrySet()) {
      java.util.DoubleSummaryStatistics st = e.getValue().stream().mapToDouble(Double::doubleValue).summaryStatistics();
      double m = st.getAverage();
      double var = e.getValue().stream().mapToDouble(d -> (d - m) * (d - m)).sum() / e.getValue().size();
      x[k] = e.getKey();
      mean[k] = m;
      lo[k] = Math.max(st.getMin(), m - Math.sqrt(var));
      hi[k] = Math.min(st.getMax(), m + Math.sqrt(var));
      k++;
    }
    return builder(title).xTitle(group).yTitle(y).band("mean ± 1 sd", x, lo, hi).line("mean per " + group, x, mean)
        .build();
  }

  private static double[] numbers(Table t, String column) {
    if (!(t.column(column) instanceof NumericColumn<?> c)) {
      throw new IllegalArgumentException("column " + column + " of " + t.name() + " is not numeric");
    }
    return c.asDoubleArray();
  }

  public String title() {
    return title;
  }

  public String xTitle() {
    return xTitle;
  }

  public String yTitle() {
    return yTitle;
  }

  public List<Series> series() {
    return series;
  }

  /** The x categories of a bar chart (bar i of every series stands at category i); empty otherwise. */
  public List<String> categories() {
    return categories;
  }

  /** The chart as a standalone SVG document. */
  public String svg() {
    return SvgCanvas.render(this);
  }

  /**
   * The chart as a PNG image, {@link #PNG_SCALE} times {@link #width()} pixels wide: the same
   * picture as {@link #svg()}, painted with Java2D (headless, no browser).
   */
  public byte[] png() {
    return PngCanvas.render(this, PNG_SCALE);
  }

  /** The width of the static images in CSS pixels (the PNG has {@link #PNG_SCALE} times as many). */
  public int width() {
    return ChartPainter.WIDTH;
  }

  /** The chart as Plotly's figure JSON ({@code {"data": [...], "layout": {...}}}). */
  public String plotlyJson() {
    return PlotlyJson.of(this);
  }

  @Override public String toString() {
    return "Chart \"" + title + "\" with " + series.size() + " series";
  }

  /** How a series is drawn. */
  public enum Style { LINE, MARKERS, LINE_AND_MARKERS, BAND, BAR }

  /**
   * One series. For a {@link Style#BAND} {@code y} is the lower and {@code y2} the upper edge;
   * otherwise {@code y2} is null. NaN values leave gaps.
   */
  public record Series(String name, Style style, double[] x, double[] y, double[] y2) {
    public Series {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(style, "style");
      if (x.length != y.length || (y2 != null && y2.length != x.length)) {
        throw new IllegalArgumentException("series " + name + ": x has " + x.length + " values, y " + y.length
            + (y2 == null ? "" : ", y2 " + y2.length));
      }
      if ((style == Style.BAND) != (y2 != null)) {
        throw new IllegalArgumentException("series " + name + ": a band needs both edges, other styles one y");
      }
      x = x.clone();
      y = y.clone();
      y2 = y2 == null ? null : y2.clone();
    }

    @Override public double[] x() {
      return x.clone();
    }

    @Override public double[] y() {
      return y.clone();
    }

    @Override public double[] y2() {
      return y2 == null ? null : y2.clone();
    }

    @Override public boolean equals(Object o) {
      return o instanceof Series s && name.equals(s.name) && style == s.style && Arrays.equals(x, s.x)
          && Arrays.equals(y, s.y) && Arrays.equals(y2, s.y2);
    }

    @Override public int hashCode() {
      return Objects.hash(name, style, Arrays.hashCode(x), Arrays.hashCode(y), Arrays.hashCode(y2));
    }

    @Override public String toString() {
      return style + " " + name + " (" + x.length + " points)";
    }
  }

  /** Builds a {@link Chart}; series draw in the order they are added. */
  public static final class Builder {
    private final String title;
    private String xTitle = "";
    private String yTitle = "";
    private final List<Series> series = new ArrayList<>();
    private List<String> categories = List.of();

    private Builder(String title) {
      this.title = Objects.requireNonNull(title, "title");
    }

    /** The x axis's title. */
    public Builder xTitle(String t) {
      this.xTitle = Objects.requireNonNull(t);
      return this;
    }

    /** The y axis's title. */
    public Builder yTitle(String t) {
      this.yTitle = Objects.requireNonNull(t);
      return this;
    }

    /** A line through the points. */
    public Builder line(String name, double[] x, double[] y) {
      series.add(new Series(name, Style.LINE, x, y, null));
      return this;
    }

    /** Points without a line. */
    public Builder markers(String name, double[] x, double[] y) {
      series.add(new Series(name, Style.MARKERS, x, y, null));
      return this;
    }

    /** A line with a marker on each point. */
    public Builder lineAndMarkers(String name, double[] x, double[] y) {
      series.add(new Series(name, Style.LINE_AND_MARKERS, x, y, null));
      return this;
    }

    /** A shaded range from {@code lower} to {@code upper}. */
    public Builder band(String name, double[] x, double[] lower, double[] upper) {
      series.add(new Series(name, Style.BAND, x, lower, upper));
      return this;
    }

    /** The categories along x of a bar chart, in order. */
    public Builder categories(List<String> names) {
      this.categories = List.copyOf(names);
      return this;
    }

    /** One bar per category (see {@link #categories}); several bar series stand side by side. */
    public Builder bars(String name, double[] heights) {
      double[] x = new double[heights.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = i;
      }
      series.add(new Series(name, Style.BAR, x, heights, null));
      return this;
    }

    /** Any series, as built by hand. */
    public Builder series(Series s) {
      series.add(Objects.requireNonNull(s));
      return this;
    }

    /** The chart; bar series must have one value per category. */
    public Chart build() {
      return new Chart(this);
    }
  }
}
