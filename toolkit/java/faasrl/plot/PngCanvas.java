package faasrl.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A {@link Canvas} that paints with Java2D into an image and encodes it as PNG with ImageIO: no
 * display, browser or network needed (works headless). It paints at {@code scale} device pixels
 * per chart pixel, so a 2x image stays sharp on high-density screens when shown at the chart's size.
 */
final class PngCanvas implements Canvas {
  private final BufferedImage image;
  private final Graphics2D g;

  PngCanvas(int width, int height, double scale) {
    image = new BufferedImage((int) Math.ceil(width * scale), (int) Math.ceil(height * scale), BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    // shapes without anti-aliasing: at 2x, the viewer's downscale to the chart's size smooths their
    // edges, and the PNG keeps few colours (a third of the bytes of an anti-aliased one); text stays smooth
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.scale(scale, scale);
  }

  /** Draws {@code chart} as a PNG at {@code scale} device pixels per chart pixel. */
  static byte[] render(Chart chart, double scale) {
    ChartPainter p = new ChartPainter(chart);
    PngCanvas c = new PngCanvas(p.width(), p.height(), scale);
    p.paint(c);
    return c.png();
  }

  byte[] png() {
    g.dispose();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      ImageIO.write(withPalette(image), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a PNG: " + e.getMessage(), e);
    }
  }

  /**
   * The image with at most 256 colours, as an indexed PNG stores it: a third of the bytes of an
   * RGB one, which keeps notebooks small. A chart has a few colours plus the grey levels of its
   * text; the 256 most frequent colours are kept exactly and any other pixel takes the nearest.
   */
  static BufferedImage withPalette(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] pixels = rgb.getRGB(0, 0, w, h, null, 0, w);
    Map<Integer, Integer> counts = new HashMap<>();
    for (int p : pixels) {
      counts.merge(p & 0xffffff, 1, Integer::sum);
    }
    int[] palette = counts.entrySet().stream()
        .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(256).mapToInt(Map.Entry::getKey).toArray();
    Map<Integer, Integer> index = new HashMap<>();
    for (int i = 0; i < palette.length; i++) {
      index.put(palette[i], i);
    }
    IndexColorModel model = new IndexColorModel(8, palette.length, palette, 0, false, -1, DataBuffer.TYPE_BYTE);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
    byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < pixels.length; i++) {
      data[i] = (byte) (int) index.computeIfAbsent(pixels[i] & 0xffffff, c -> nearest(c, palette));
    }
    return out;
  }

  private static int nearest(int c, int[] palette) {
    int best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (int i = 0; i < palette.length; i++) {
      long dr = ((c >> 16) & 0xff) - ((palette[i] >> 16) & 0xff);
      long dg = ((c >> 8) & 0xff) - ((palette[i] >> 8) & 0xff);
      long db = (c & 0xff) - (palette[i] & 0xff);
      long d = dr * dr + dg * dg + db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  private static Color colour(String hex, double opacity) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    return new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, (int) Math.round(255 * opacity));
  }

  @Override public void rect(double x, double y, double w, double h, String fill, double fillOpacity, String stroke) {
    Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
    if (fill != null) {
      g.setColor(colour(fill, fillOpacity));
      g.fill(r);
    }
    if (stroke != null) {
      g.setColor(colour(stroke, 1));
      g.setStroke(new BasicStroke(1));
      g.draw(r);
    }
  }

  @Override public void line(double x1, double y1, double x2, double y2, String colour, double width) {
    g.setColor(colour(colour, 1));
    g.setStroke(new BasicStroke((float) width));
    g.draw(new Line2D.Double(x1, y1, x2, y2));
  }

  @Override public void polyline(double[] x, double[] y, String colour, double width) {
    Path2D.Double path = new Path2D.Double();
    boolean pen = false;
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
        pen = false;
      } else if (pen) {
        path.lineTo(x[i], y[i]);
      } else {
        path.moveTo(x[i], y[i]);
        pen = true;
      }
    }
    g.setColor(colour(colour, 1));
    g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
    g.draw(path);
  }

  @Override public void polygon(double[] x, double[] y, String colour, double opacity) {
    if (x.length == 0) {
      return;
    }
    Path2D.Double path = new Path2D.Double();
    path.moveTo(x[0], y[0]);
    for (int i = 1; i < x.length; i++) {
      path.lineTo(x[i], y[i]);
    }
    path.closePath();
    g.setColor(colour(colour, opacity));
    g.fill(path);
  }

  @Override public void dots(double[] x, double[] y, double r, String colour) {
    g.setColor(colour(colour, 1));
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
        g.fill(new Ellipse2D.Double(x[i] - r, y[i] - r, 2 * r, 2 * r));
      }
    }
  }

  @Override public void text(double x, double y, String text, Anchor anchor, int size, String colour, boolean vertical) {
    if (text.isEmpty()) {
      return;
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    g.setColor(colour(colour, 1));
    double w = g.getFontMetrics().getStringBounds(text, g).getWidth();
    double dx = switch (anchor) {
      case START -> 0;
      case MIDDLE -> -w / 2;
      case END -> -w;
    };
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    if (vertical) {
      g.rotate(-Math.PI / 2);
    }
    g.drawString(text, (float) dx, 0f);
    g.setTransform(saved);
  }

  @Override public void clip(double x, double y, double w, double h) {
    g.setClip(new Rectangle2D.Double(x, y, w, h));
  }

  @Override public void unclip() {
    g.setClip(null);
  }
}
