package faasrl.sim;

import java.util.Arrays;
import org.HdrHistogram.Histogram;
import faasrl.cluster.FunctionMetrics;

/** What one function did during the current step; reset at each step's start. */
final class StepStats {
  long issued, completed, timedOut, rejected, errors;
  final Histogram latency = FunctionMetrics.newHistogram();
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
    latency.recordValue(us);
    if (latencies != null) {
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencyCount * 2);
      }
      latencies[latencyCount++] = us;
    }
  }

  long failed() {
    return timedOut + rejected + errors;
  }

  long[] latenciesMicros() {
    return latencies == null ? null : Arrays.copyOf(latencies, latencyCount);
  }
}
