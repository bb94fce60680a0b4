package faasrl.invoke;

import faasrl.cluster.FunctionMetrics;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Tally of one invocation run: outcomes, latency from the intended send time and send lag. Recording
 * never takes a lock (HdrHistogram recorders and atomic counters), so the sending thread never waits
 * on a reply thread that was preempted while holding one. Frozen at the end of a run that drops
 * in-flight requests, so late replies change nothing.
 */
final class Tally {
  private final Recorder latency = new Recorder(FunctionMetrics.MAX_TRACKED_MICROS, 3);
  /** Only the sending thread records send lag. */
  private final SingleWriterRecorder sendLag = new SingleWriterRecorder(FunctionMetrics.MAX_TRACKED_MICROS, 3);
  private final AtomicLong issued = new AtomicLong(), completed = new AtomicLong(), timedOut = new AtomicLong(),
      rejected = new AtomicLong(), errors = new AtomicLong();
  private final LatencyList latencies;
  private volatile boolean frozen;

  Tally(boolean keepLatencies) {
    latencies = keepLatencies ? new LatencyList() : null;
  }

  void issued(long lagNanos) {
    if (!frozen) {
      issued.incrementAndGet();
      sendLag.recordValue(clamp(lagNanos / 1000));
    }
  }

  void completed(long latencyMicros) {
    if (frozen) {
      return;
    }
    long v = clamp(latencyMicros);
    latency.recordValue(v);
    if (latencies != null) {
      latencies.add(v);
    }
    completed.incrementAndGet();
  }

  void timedOut() {
    if (!frozen) {
      timedOut.incrementAndGet();
    }
  }

  /** Not sent: too many requests already in flight. */
  void rejected() {
    if (!frozen) {
      issued.incrementAndGet();
      rejected.incrementAndGet();
    }
  }

  void error() {
    if (!frozen) {
      errors.incrementAndGet();
    }
  }

  long unanswered() {
    return issued.get() - completed.get() - timedOut.get() - rejected.get() - errors.get();
  }

  /** Stops counting and returns the result. */
  InvokeResult freeze(InvokeResult.Builder b) {
    frozen = true;
    // the recorders' interval swap waits for records in progress, so every counted reply is in them
    Histogram lat = latency.getIntervalHistogram();
    Histogram lag = sendLag.getIntervalHistogram();
    long done = lat.getTotalCount();
    return b.counts(issued.get(), done, timedOut.get(), rejected.get(), errors.get())
        .latency(lat, latencies == null ? null : latencies.first((int) done))
        .sendLag(lag)
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
