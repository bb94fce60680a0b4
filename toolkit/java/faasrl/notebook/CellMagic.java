package faasrl.notebook;

import java.util.Locale;
import java.util.function.Function;

/**
 * Cell magics: a first line {@code %%name} that applies to the whole cell. The one there is,
 * {@code %%time}, runs the rest of the cell and prints its wall time after it, as IPython does.
 *
 * <pre>{@code
 * %%time
 * Thread.sleep(1500);     // prints "Wall time: 1.50 s"
 * }</pre>
 */
final class CellMagic {
  static final String TIME = "%%time";

  private CellMagic() {}

  /**
   * Evaluates {@code cell} with {@code eval}, applying its cell magic if its first line is one;
   * {@code eval} gets the cell with that line blanked, so line numbers stay the cell's.
   *
   * @throws IllegalArgumentException for an unknown cell magic
   */
  static Object run(String cell, Function<String, Object> eval) {
    String first = cell.lines().findFirst().orElse("").strip();
    if (!first.startsWith("%%")) {
      return eval.apply(cell);
    }
    if (!first.equals(TIME)) {
      throw new IllegalArgumentException("unknown cell magic " + first.split("\\s+")[0]
          + "; this kernel knows %%time");
    }
    String rest = cell.substring(cell.indexOf(TIME) + TIME.length());
    long t0 = System.nanoTime();
    try {
      return eval.apply(rest);
    } finally {
      System.out.println("Wall time: " + human(System.nanoTime() - t0));
      System.out.flush();
    }
  }

  /** A duration as people read it: 850 us, 12.3 ms, 1.50 s, 2 min 5 s. */
  static String human(long nanos) {
    double s = nanos / 1e9;
    if (s < 1e-3) {
      return String.format(Locale.ROOT, "%.0f us", nanos / 1e3);
    }
    if (s < 1) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    if (s < 60) {
      return String.format(Locale.ROOT, "%.2f s", s);
    }
    return String.format(Locale.ROOT, "%d min %d s", (long) s / 60, Math.round(s) % 60);
  }
}
