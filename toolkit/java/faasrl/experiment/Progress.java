package faasrl.experiment;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on a terminal stream (stderr), redrawn at most ten times a second. */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String label;
  private final long total, first;
  private final long started = System.nanoTime();
  private long lastDraw;

  Progress(PrintStream out, String label, long first, long total) {
    this.out = out;
    this.label = label;
    this.first = first;
    this.total = total;
  }

  void update(long done, String detail, boolean force) {
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDraw < 100_000_000L && done < total) {
      return;
    }
    lastDraw = now;
    int filled = (int) Math.min(WIDTH, WIDTH * done / Math.max(1, total)); // RL4J may report a step past the total
    double secs = (now - started) / 1e9;
    out.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d %s %.3g steps/s ", label, "#".repeat(filled),
        ".".repeat(WIDTH - filled), done, total, detail, (done - first) / Math.max(secs, 1e-9)));
    if (done >= total) {
      out.println();
    }
    out.flush();
  }
}
