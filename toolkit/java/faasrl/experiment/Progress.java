package faasrl.experiment;

import faasrl.progress.TerminalProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A run's progress bar on stderr: redrawn in place on a terminal, a line every 10% in a log
 * ({@link TerminalProgress}). Shows at most the run's total, however many steps a library runs past it.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final TerminalProgress out;
  private final String label;
  private final long total, first;
  private final long started = System.nanoTime();

  Progress(PrintStream out, String label, long first, long total) {
    this.out = out == null ? null : TerminalProgress.on(out, Math.max(1, total)).build();
    this.label = label;
    this.first = first;
    this.total = total;
  }

  void update(long done, String detail) {
    if (out != null) {
      out.show(done, () -> text(Math.min(done, total), detail));
    }
  }

  private String text(long done, String detail) {
    int filled = (int) (WIDTH * done / Math.max(1, total));
    double secs = (System.nanoTime() - started) / 1e9;
    return String.format(Locale.ROOT, "%s [%s%s] %d/%d %s %.3g steps/s", label, "#".repeat(filled),
        ".".repeat(WIDTH - filled), done, total, detail, (done - first) / Math.max(secs, 1e-9));
  }
}
