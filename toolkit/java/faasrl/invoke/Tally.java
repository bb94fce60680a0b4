package faasrl.invoke;

import faasrl.cluster.FunctionMetrics;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Tally of one invocation run: outcomes, latency from the intended send time and send lag.
 *
 * <p>Recording never takes a lock: latencies go to an HdrHistogram {@link Recorder} (any thread),
 * send lags to a {@link SingleWriterRecorder} (the sending thread only) and counts to
 * {@link LongAdder}s, so the sender never waits on a reply thread that was preempted while holding
 * a lock. A reader swaps the recorders' interval histograms ({@link #read()}) and adds them to its
 * running totals; that swap waits only for records already in progress. Frozen at the end of a run
 * that drops in-flight requests, so late replies change nothing.
 *
 * <pre>{@code
 * Tally t = new Tally(false);
 * t.issued(12_000);          // sent 12 us after its intended instant
 * t.completed(850);          // answered 850 us after that instant
 * Tally.Totals so_far = t.read();
 * }</pre>
 */
final class Tally {
  private final Recorder latency = new Recorder(FunctionMetrics.MAX_TRACKED_MICROS, 3);
  /** Only the sending thread records send lag. */
  private final SingleWriterRecorder sendLag = new SingleWriterRecorder(FunctionMetrics.MAX_TRACKED_MICROS, 3);
  private final LongAdder issued = new LongAdder(), completed = new LongAdder(), timedOut = new LongAdder(),
      rejected = new LongAdder(), errors = new LongAdder();
  private final LatencyList latencies;
  /** The reader's running totals; the swapped-out interval histograms are recycled into the next swap. */
  private final Histogram latencyTotal = new Histogram(FunctionMetrics.MAX_TRACKED_MICROS, 3);
  private final Histogram sendLagTotal = new Histogram(FunctionMetrics.MAX_TRACKED_MICROS, 3);
  private Histogram latencyInterval, sendLagInterval;
  private volatile boolean frozen;

  Tally(boolean keepLatencies) {
    latencies = keepLatencies ? new LatencyList() : null;
  }

  /** A request left {@code lagNanos} after its intended send instant. Sending thread only. */
  void issued(long lagNanos) {
    if (!frozen) {
      issued.increment();
      sendLag.recordValue(clamp(lagNanos / 1000));
    }
  }

  /** A reply came {@code latencyMicros} after its request's intended send instant. Any thread. */
  void completed(long latencyMicros) {
    if (frozen) {
      return;
    }
    long v = clamp(latencyMicros);
    latency.recordValue(v);
    if (latencies != null) {
      latencies.add(v);
    }
    completed.increment();
  }

  void timedOut() {
    if (!frozen) {
      timedOut.increment();
    }
  }

  /** Not sent: too many requests already in flight. */
  void rejected() {
    if (!frozen) {
      issued.increment();
      rejected.increment();
    }
  }

  void error() {
    if (!frozen) {
      errors.increment();
    }
  }

  long unanswered() {
    return issued.sum() - completed.sum() - timedOut.sum() - rejected.sum() - errors.sum();
  }

  /** Counts and histograms so far: what a reader sees at one instant. Immutable. */
  record Totals(long issued, long completed, long timedOut, long rejected, long errors, Histogram latency,
      Histogram sendLag) {}

  /**
   * Swaps the recorders' intervals into the running totals and returns a copy of them. One reader
   * thread at a time; writers never wait for it.
   */
  synchronized Totals read() {
    latencyInterval = latency.getIntervalHistogram(latencyInterval);
    sendLagInterval = sendLag.getIntervalHistogram(sendLagInterval);
    latencyTotal.add(latencyInterval);
    sendLagTotal.add(sendLagInterval);
    return new Totals(issued.sum(), latencyTotal.getTotalCount(), timedOut.sum(), rejected.sum(), errors.sum(),
        latencyTotal.copy(), sendLagTotal.copy());
  }

  /** Stops counting and returns the result. */
  InvokeResult freeze(InvokeResult.Builder b) {
    frozen = true;
    // the interval swap waits for records in progress, so every counted reply is in the histogram;
    // completions are taken from it, not from the counter, so the two always agree
    Totals t = read();
    return b.counts(t.issued(), t.completed(), t.timedOut(), t.rejected(), t.errors())
        .latency(t.latency(), latencies == null ? null : latencies.first((int) t.completed()))
        .sendLag(t.sendLag())
        .build();
  }

  private static long clamp(long micros) {
    return Math.min(FunctionMetrics.MAX_TRACKED_MICROS, Math.max(0, micros));
  }

  /** Every latency in arrival order, for vHive's latency file; only kept when asked for. */
  private static final class LatencyList {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    synchronized long[] first(int n) {
      return Arrays.copyOf(values, Math.min(n, size));
    }
  }
}
