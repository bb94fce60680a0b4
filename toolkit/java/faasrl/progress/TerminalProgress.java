package faasrl.progress;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Shows progress on a text stream as a terminal or a log wants it: on a terminal one line redrawn in
 * place (at most ten times a second), elsewhere one line each time another {@code N}% is done
 * (10 by default), so that a log gets a handful of lines rather than hundreds of {@code \r} frames.
 * The last state is shown once, with a line end, when {@code done} first reaches the total; later
 * updates (a library that overruns its step budget) show nothing.
 *
 * <!-- given: long steps -->
 * <pre>{@code
 * TerminalProgress p = TerminalProgress.on(System.err, steps).build(); // in place if there is a console
 * for (long i = 1; i <= steps; i++) {
 *   // ... one step ...
 *   long done = i;
 *   p.show(done, () -> "train " + done + "/" + steps);
 * }
 * }</pre>
 *
 * <p>Whether the stream is a terminal is guessed from {@link System#console()}: present only when
 * the JVM's input and output are both a terminal, so {@code faasrl train > log 2>&1} logs lines.
 */
public final class TerminalProgress {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final long total;
  private final boolean inPlace;
  private final int everyPercent;
  private final LongSupplier nanoTime;
  private long lastDrawNanos = Long.MIN_VALUE;
  private long lastBucket;
  private int lastWidth;
  private boolean finished;

  private TerminalProgress(Builder b) {
    out = b.out;
    total = b.total;
    inPlace = b.inPlace;
    everyPercent = b.everyPercent;
    nanoTime = b.nanoTime;
  }

  /** Progress towards {@code total} units on {@code out}, in place when this JVM has a console. */
  public static Builder on(PrintStream out, long total) {
    return new Builder(out, total);
  }

  /** Settings of a {@link TerminalProgress}. */
  public static final class Builder {
    private final PrintStream out;
    private final long total;
    private boolean inPlace = System.console() != null;
    private int everyPercent = 10;
    private LongSupplier nanoTime = System::nanoTime;

    private Builder(PrintStream out, long total) {
      this.out = Objects.requireNonNull(out, "out");
      if (total < 1) {
        throw new IllegalArgumentException("progress total must be >= 1, was " + total);
      }
      this.total = total;
    }

    /** True to redraw one line in place (a terminal), false for a line every few percent (a log). */
    public Builder inPlace(boolean v) {
      inPlace = v;
      return this;
    }

    /** Without a terminal, a line each time another {@code v}% is done (1..100). */
    public Builder everyPercent(int v) {
      if (v < 1 || v > 100) {
        throw new IllegalArgumentException("progress lines every 1..100 percent, was " + v);
      }
      everyPercent = v;
      return this;
    }

    /** The clock that paces redraws in place (tests set their own). */
    Builder clock(LongSupplier v) {
      nanoTime = Objects.requireNonNull(v, "clock");
      return this;
    }

    /** A progress display with these settings, nothing drawn yet. */
    public TerminalProgress build() {
      return new TerminalProgress(this);
    }
  }

  /** True if this redraws one line in place. */
  public boolean inPlace() {
    return inPlace;
  }

  /**
   * {@code done} units done so far; {@code text} (asked only when something is drawn) describes
   * them. The first call with {@code done >= total} draws the end; calls after it draw nothing.
   */
  public synchronized void show(long done, Supplier<String> text) {
    if (finished) {
      return;
    }
    boolean last = done >= total;
    if (inPlace) {
      long now = nanoTime.getAsLong();
      if (!last && lastDrawNanos != Long.MIN_VALUE && now - lastDrawNanos < REDRAW_NANOS) {
        return;
      }
      lastDrawNanos = now;
      String s = text.get();
      // blanks over the end of a longer frame before
      out.print("\r" + s + " ".repeat(Math.max(0, lastWidth - s.length())) + (last ? "\n" : ""));
      lastWidth = s.length();
    } else {
      long bucket = Math.max(0, done) * 100 / total / everyPercent;
      if (!last && bucket <= lastBucket) {
        return;
      }
      lastBucket = bucket;
      out.println(text.get());
    }
    finished = last;
    out.flush();
  }

  /** True once the end was drawn. */
  public synchronized boolean finished() {
    return finished;
  }
}
