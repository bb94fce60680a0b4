package faasrl.notebook;

import faasrl.progress.TerminalProgress;
import java.util.Locale;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * A progress bar that updates in place: in a notebook one output that is redrawn (Jupyter's
 * update_display_data), elsewhere on stderr as {@link TerminalProgress} draws it (one line redrawn
 * on a terminal, a line every 10% in a log). Redraws at most every 200 ms, and always at the end.
 *
 * <!-- given: int steps; double reward -->
 * <pre>{@code
 * ProgressBar bar = ProgressBar.start("training", steps);
 * for (int i = 0; i < steps; i++) {
 *   // ... one step ...
 *   bar.update(i + 1, String.format("reward %.2f", reward));
 * }
 * bar.finish();
 * }</pre>
 */
public final class ProgressBar {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int TEXT_WIDTH = 30;

  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final BaseKernel kernel = runningKernel();
  private String displayId;
  private TerminalProgress terminal;
  private long done;
  private String note = "";
  private long lastDrawNanos;

  private ProgressBar(String label, long total) {
    if (total < 1) {
      throw new IllegalArgumentException("progress total must be >= 1, was " + total);
    }
    this.label = label;
    this.total = total;
  }

  /** A bar for {@code total} units of work, drawn at 0. */
  public static ProgressBar start(String label, long total) {
    ProgressBar bar = new ProgressBar(label, total);
    bar.draw();
    return bar;
  }

  /** One more unit done. */
  public void step() {
    update(done + 1, note);
  }

  /** {@code done} units done so far. */
  public void update(long done) {
    update(done, note);
  }

  /** {@code done} units done so far, and a short note shown after the bar (e.g. the last reward). */
  public synchronized void update(long done, String note) {
    if (done < 0 || done > total) {
      throw new IllegalArgumentException("progress must be 0.." + total + ", was " + done);
    }
    this.done = done;
    this.note = note == null ? "" : note;
    if (done == total || System.nanoTime() - lastDrawNanos >= REDRAW_NANOS) {
      draw();
    }
  }

  /** Draws the final state (all units done unless told otherwise). */
  public synchronized void finish() {
    done = total;
    draw();
  }

  /** Units done so far. */
  public synchronized long done() {
    return done;
  }

  /** The bar as plain text, e.g. {@code training [#######...] 70/100 70% 3.1 s}. */
  public synchronized String text() {
    int filled = (int) (TEXT_WIDTH * done / total);
    return String.format(Locale.ROOT, "%s [%s%s] %d/%d %d%% %s%s", label, "#".repeat(filled),
        ".".repeat(TEXT_WIDTH - filled), done, total, 100 * done / total, timing(),
        note.isEmpty() ? "" : " · " + note);
  }

  private String html() {
    return String.format(Locale.ROOT, "<div class=\"faasrl-progress\"><progress value=\"%d\" max=\"%d\" "
        + "style=\"width:24em\"></progress> %s %d/%d (%d%%) %s%s</div>", done, total,
        TableHtml.escape(label), done, total, 100 * done / total, timing(),
        note.isEmpty() ? "" : " · " + TableHtml.escape(note));
  }

  private String timing() {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    if (done == 0 || done == total) {
      return String.format(Locale.ROOT, "%.1f s", elapsed);
    }
    return String.format(Locale.ROOT, "%.1f s, ~%.0f s left", elapsed, elapsed * (total - done) / done);
  }

  private void draw() {
    lastDrawNanos = System.nanoTime();
    if (kernel == null || !kernel.getIO().display.isAttached()) {
      if (terminal == null) {
        terminal = TerminalProgress.on(System.err, total).build();
      }
      String text = text();
      terminal.show(done, () -> text);
      return;
    }
    DisplayData data = new DisplayData(text());
    data.putHTML(html());
    if (displayId == null) {
      displayId = "faasrl-progress-" + System.identityHashCode(this) + "-" + startNanos;
      data.setDisplayId(displayId);
      kernel.display(data);
    } else {
      kernel.getIO().display.updateDisplay(displayId, data);
    }
  }

  /** The notebook kernel this JVM runs, or null outside a notebook. */
  private static BaseKernel runningKernel() {
    try {
      return BaseKernel.notebookKernel();
    } catch (NullPointerException noKernel) { // jjava-jupyter's way of saying "no kernel"
      return null;
    }
  }
}
