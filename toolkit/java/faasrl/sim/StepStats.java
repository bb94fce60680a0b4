package faasrl.sim;

import java.util.Arrays;
import org.HdrHistogram.Histogram;
import faasrl.cluster.FunctionMetrics;

/** What one function did during the current step; reset at each step's start. */
final class StepStats {
  private static final int SMALL_MICROS = 2048;
  long issued, completed, timedOut, rejected, errors;
  private final Histogram latency = FunctionMetrics.newHistogram();
  /**
   * How many answers took each latency below SMALL_MICROS, not yet in {@link #latency}: an array
   * increment per answer is far cheaper than a record, and the counts enter the histogram at the
   * step's end (a histogram's counts do not depend on the order of the records).
   */
  private final long[] small = new long[SMALL_MICROS];
  private long[] latencies;
  private int latencyCount;
  double cpuNanos;
  /** CFS periods, periods that ran out of quota, and pods that finished a cold start. */
  long throttledPeriods, periods, coldStarts;
  /** Integral of the sum of the pods' CPU limits over time, in core-nanoseconds. */
  double limitCoreNanos;
  /** Latency summed over every answered call since the function was deployed (never reset): Little's law for autoscalers. */
  long answeredNanos;

  void reset(boolean recordLatencies) {
    issued = completed = timedOut = rejected = errors = 0;
    latency.reset();
    Arrays.fill(small, 0);
    // the buffer is kept across steps: a step of 1000 RPS would otherwise regrow it each time
    latencies = !recordLatencies ? null : latencies != null ? latencies : new long[1024];
    latencyCount = 0;
    cpuNanos = 0;
    throttledPeriods = periods = coldStarts = 0;
    limitCoreNanos = 0;
  }

  void complete(long latencyNs) {
    completed++;
    answeredNanos += latencyNs;
    long us = Math.min((latencyNs + 500) / 1000, FunctionMetrics.MAX_TRACKED_MICROS);
    if (us < SMALL_MICROS) {
      small[(int) us]++;
    } else {
      latency.recordValue(us);
    }
    if (latencies != null) {
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencyCount * 2);
      }
      latencies[latencyCount++] = us;
    }
  }

  /** The step's latency histogram, in microseconds. */
  Histogram latency() {
    for (int us = 0; us < SMALL_MICROS; us++) {
      if (small[us] != 0) {
        latency.recordValueWithCount(us, small[us]);
        small[us] = 0;
      }
    }
    return latency;
  }

  long failed() {
    return timedOut + rejected + errors;
  }

  long[] latenciesMicros() {
    return latencies == null ? null : Arrays.copyOf(latencies, latencyCount);
  }
}
