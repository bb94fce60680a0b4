package faasrl.invoke;

import faasrl.cluster.FunctionMetrics;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Thread-safe tally of one invocation run: outcomes, latency from the intended send time and send
 * lag. Frozen at the end of a run that drops in-flight requests, so late replies change nothing.
 */
final class Recorder {
  private final Histogram latency = FunctionMetrics.newHistogram();
  private final Histogram sendLag = FunctionMetrics.newHistogram();
  private final boolean keepLatencies;
  private long[] latencies = new long[0];
  private long issued, completed, timedOut, rejected, errors;
  private boolean frozen;

  Recorder(boolean keepLatencies) {
    this.keepLatencies = keepLatencies;
    if (keepLatencies) {
      latencies = new long[1024];
    }
  }

  synchronized void issued(long lagNanos) {
    if (!frozen) {
      issued++;
      sendLag.recordValue(Math.min(FunctionMetrics.MAX_TRACKED_MICROS, Math.max(0, lagNanos / 1000)));
    }
  }

  synchronized void completed(long latencyMicros) {
    if (frozen) {
      return;
    }
    long v = Math.min(FunctionMetrics.MAX_TRACKED_MICROS, Math.max(0, latencyMicros));
    latency.recordValue(v);
    if (keepLatencies) {
      if (completed == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[(int) completed] = v;
    }
    completed++;
  }

  synchronized void timedOut() {
    if (!frozen) {
      timedOut++;
    }
  }

  /** Not sent: too many requests already in flight. */
  synchronized void rejected() {
    if (!frozen) {
      issued++;
      rejected++;
    }
  }

  synchronized void error() {
    if (!frozen) {
      errors++;
    }
  }

  synchronized long unanswered() {
    return issued - completed - timedOut - rejected - errors;
  }

  /** Stops counting and returns the result. */
  synchronized InvokeResult freeze(InvokeResult.Builder b) {
    frozen = true;
    return b.counts(issued, completed, timedOut, rejected, errors)
        .latency(latency, keepLatencies ? Arrays.copyOf(latencies, (int) completed) : null)
        .sendLag(sendLag)
        .build();
  }
}
