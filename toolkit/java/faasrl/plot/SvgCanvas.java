package faasrl.plot;

import java.util.Locale;

/** A {@link Canvas} that writes a standalone SVG document (plain text, one decimal per coordinate). */
final class SvgCanvas implements Canvas {
  private final StringBuilder s = new StringBuilder(4096);
  private final String clipId;

  /** An SVG of {@code width} x {@code height} titled {@code title}; {@code clipId} names its clip path. */
  SvgCanvas(int width, int height, String title, String clipId) {
    this.clipId = clipId;
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
    s.append("<title>").append(esc(title)).append("</title>\n");
  }

  /** Draws {@code chart} as an SVG document. */
  static String render(Chart chart) {
    ChartPainter p = new ChartPainter(chart);
    SvgCanvas c = new SvgCanvas(p.width(), p.height(), chart.title(), p.id());
    p.paint(c);
    return c.document();
  }

  String document() {
    return s + "</svg>\n";
  }

  @Override public void rect(double x, double y, double w, double h, String fill, double fillOpacity, String stroke) {
    s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(w))
        .append("\" height=\"").append(f(h)).append("\" fill=\"").append(fill == null ? "none" : fill).append('"');
    if (fill != null && fillOpacity < 1) {
      s.append(" fill-opacity=\"").append(fillOpacity).append('"');
    }
    if (stroke != null) {
      s.append(" stroke=\"").append(stroke).append('"');
    }
    s.append("/>\n");
  }

  @Override public void line(double x1, double y1, double x2, double y2, String colour, double width) {
    s.append("<line x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1)).append("\" x2=\"").append(f(x2))
        .append("\" y2=\"").append(f(y2)).append("\" stroke=\"").append(colour).append("\" stroke-width=\"")
        .append(num(width)).append("\"/>\n");
  }

  @Override public void polyline(double[] x, double[] y, String colour, double width) {
    StringBuilder d = new StringBuilder();
    boolean pen = false;
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
        pen = false;
        continue;
      }
      d.append(pen ? 'L' : 'M').append(f(x[i])).append(',').append(f(y[i]));
      pen = true;
    }
    s.append("<path fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"").append(num(width))
        .append("\" stroke-linejoin=\"round\" d=\"").append(d).append("\"/>\n");
  }

  @Override public void polygon(double[] x, double[] y, String colour, double opacity) {
    StringBuilder pts = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      pts.append(i == 0 ? "" : " ").append(f(x[i])).append(',').append(f(y[i]));
    }
    s.append("<polygon fill=\"").append(colour).append("\" fill-opacity=\"").append(opacity)
        .append("\" stroke=\"none\" points=\"").append(pts).append("\"/>\n");
  }

  @Override public void dots(double[] x, double[] y, double r, String colour) {
    s.append("<g fill=\"").append(colour).append("\">");
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        s.append("<circle cx=\"").append(f(x[i])).append("\" cy=\"").append(f(y[i])).append("\" r=\"").append(num(r))
            .append("\"/>");
      }
    }
    s.append("</g>\n");
  }

  @Override public void text(double x, double y, String text, Anchor anchor, int size, String colour, boolean vertical) {
    s.append("<text ");
    if (vertical) {
      s.append("transform=\"translate(").append(num(x)).append(',').append(num(y)).append(") rotate(-90)\"");
    } else {
      s.append("x=\"").append(f(x)).append("\" y=\"").append(f(y)).append('"');
    }
    if (anchor != Anchor.START) {
      s.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
    }
    if (size != 12) {
      s.append(" font-size=\"").append(size).append('"');
    }
    if (!"#000000".equals(colour)) {
      s.append(" fill=\"").append(colour).append('"');
    }
    s.append('>').append(esc(text)).append("</text>\n");
  }

  @Override public void clip(double x, double y, double w, double h) {
    s.append("<clipPath id=\"").append(clipId).append("\"><rect x=\"").append(f(x)).append("\" y=\"").append(f(y))
        .append("\" width=\"").append(f(w)).append("\" height=\"").append(f(h)).append("\"/></clipPath>\n<g clip-path=\"url(#")
        .append(clipId).append(")\">\n");
  }

  @Override public void unclip() {
    s.append("</g>\n");
  }

  static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** A whole number without decimals, anything else with one. */
  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : f(v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
