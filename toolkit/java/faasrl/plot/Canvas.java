package faasrl.plot;

/**
 * Where {@link ChartPainter} draws: the few primitives a chart needs, in pixel coordinates of a
 * {@code width} x {@code height} picture with y pointing down. One painter and two canvases
 * ({@link SvgCanvas}, {@link PngCanvas}) make the SVG and the PNG of a chart from the same layout,
 * so the two images cannot disagree. Colours are {@code #rrggbb}.
 */
interface Canvas {
  /** How a text lines up with its x. */
  enum Anchor { START, MIDDLE, END }

  /** A rectangle; {@code fill} or {@code stroke} may be null for none. */
  void rect(double x, double y, double w, double h, String fill, double fillOpacity, String stroke);

  /** A straight line. */
  void line(double x1, double y1, double x2, double y2, String colour, double width);

  /** A polyline through the points; a NaN coordinate lifts the pen (a gap). */
  void polyline(double[] x, double[] y, String colour, double width);

  /** A filled polygon without outline. */
  void polygon(double[] x, double[] y, String colour, double opacity);

  /** Filled dots of radius {@code r} at the points. */
  void dots(double[] x, double[] y, double r, String colour);

  /** Text with its baseline at y; {@code vertical} turns it 90 degrees anticlockwise about (x, y). */
  void text(double x, double y, String text, Anchor anchor, int size, String colour, boolean vertical);

  /** Clips what follows, until {@link #unclip}, to the rectangle. */
  void clip(double x, double y, double w, double h);

  void unclip();
}
