package faasrl.cluster;

import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * What one function did during one step: latency percentiles (microseconds, from an HdrHistogram),
 * request counts, throughput and resource use. Immutable: the histogram is copied in and out.
 *
 * <p>Latency is measured from a request's intended send time to its reply. Failures (timeouts,
 * rejections, errors) are counted apart and never enter the latency histogram. Conservation holds:
 * {@code issued == completed + failed + inFlight}.
 *
 * <!-- given: StepResult step -->
 * <pre>{@code
 * FunctionMetrics m = step.function("adservice");
 * System.out.printf("p90 %.0f us, %d of %d completed%n", m.p90Micros(), m.completed(), m.issued());
 * }</pre>
 */
public final class FunctionMetrics {
  /** Highest latency the histograms track: one hour in microseconds. */
  public static final long MAX_TRACKED_MICROS = 3_600_000_000L;

  private final String function;
  private final ScalingConfig config;
  private final Histogram latency;
  private final long[] latenciesMicros;
  private final long issued, completed, failed, timedOut, rejected, inFlight;
  private final double askedRps, completedRps;
  private final double cpuUsedCores, cpuLimitCores;
  private final long throttledPeriods, periods, coldStarts;
  private final int readyReplicas;
  private final double p50, p90, p99, p999, mean, max;

  private FunctionMetrics(Builder b) {
    function = Objects.requireNonNull(b.function);
    config = Objects.requireNonNull(b.config, "config");
    latency = b.latency == null ? newHistogram() : b.latency.copy();
    latenciesMicros = b.latenciesMicros == null ? null : b.latenciesMicros.clone();
    issued = b.issued;
    completed = b.completed;
    timedOut = b.timedOut;
    rejected = b.rejected;
    failed = b.failed >= 0 ? b.failed : b.timedOut + b.rejected;
    inFlight = b.inFlight;
    askedRps = b.askedRps;
    completedRps = b.completedRps;
    cpuUsedCores = b.cpuUsedCores;
    cpuLimitCores = b.cpuLimitCores;
    throttledPeriods = b.throttledPeriods;
    periods = b.periods;
    coldStarts = b.coldStarts;
    readyReplicas = b.readyReplicas;
    boolean any = latency.getTotalCount() > 0;
    p50 = any ? latency.getValueAtPercentile(50) : Double.NaN;
    p90 = any ? latency.getValueAtPercentile(90) : Double.NaN;
    p99 = any ? latency.getValueAtPercentile(99) : Double.NaN;
    p999 = any ? latency.getValueAtPercentile(99.9) : Double.NaN;
    mean = any ? latency.getMean() : Double.NaN;
    max = any ? latency.getMaxValue() : Double.NaN;
  }

  /** A builder for {@code function}; backends fill it in. */
  public static Builder builder(String function) {
    return new Builder(function);
  }

  /**
   * A new histogram with the precision every backend uses (3 significant digits; callers clamp
   * values to {@link #MAX_TRACKED_MICROS}). It grows its counts to the largest value recorded, so a
   * step whose latencies stay in milliseconds copies and scans a third of what a one-hour range needs.
   */
  public static Histogram newHistogram() {
    return new Histogram(3);
  }

  public String function() {
    return function;
  }

  /** The configuration in force at the end of the step. */
  public ScalingConfig config() {
    return config;
  }

  /** A copy of the latency histogram of completed requests, in microseconds. */
  public Histogram histogram() {
    return latency.copy();
  }

  /** Every completed request's latency in microseconds, if the load asked to record them; else empty. */
  public long[] latenciesMicros() {
    return latenciesMicros == null ? new long[0] : latenciesMicros.clone();
  }

  public long issued() {
    return issued;
  }

  public long completed() {
    return completed;
  }

  /** Requests that timed out, were rejected or failed otherwise. */
  public long failed() {
    return failed;
  }

  public long timedOut() {
    return timedOut;
  }

  public long rejected() {
    return rejected;
  }

  /** Requests issued in this step still unanswered at its end (they count in a later step). */
  public long inFlight() {
    return inFlight;
  }

  public double askedRps() {
    return askedRps;
  }

  public double completedRps() {
    return completedRps;
  }

  /** completed / issued; 1 when nothing was issued. */
  public double completionRate() {
    return issued == 0 ? 1 : (double) completed / issued;
  }

  /** Mean cores used by all replicas over the step. */
  public double cpuUsedCores() {
    return cpuUsedCores;
  }

  /**
   * The CPU limit summed over the function's pods that hold a place on a node (starting, serving or
   * draining), in cores, averaged over the step: 2 replicas of 500m for the whole step are 1.0. The
   * simulator integrates it over time; the local backend's replicas do not change during a step;
   * the Knative backend averages the pods it lists at the step's start and end.
   */
  public double cpuLimitCores() {
    return cpuLimitCores;
  }

  /** cpuUsed / cpuLimit; 0 without a limit. */
  public double cpuUtilisation() {
    return cpuLimitCores <= 0 ? 0 : cpuUsedCores / cpuLimitCores;
  }

  /** CFS periods in which some replica ran out of quota. */
  public long throttledPeriods() {
    return throttledPeriods;
  }

  /** CFS periods elapsed, summed over replicas. */
  public long periods() {
    return periods;
  }

  /** throttledPeriods / periods; 0 when no period elapsed. */
  public double throttledFraction() {
    return periods == 0 ? 0 : (double) throttledPeriods / periods;
  }

  public long coldStarts() {
    return coldStarts;
  }

  /** Replicas ready to serve at the end of the step. */
  public int readyReplicas() {
    return readyReplicas;
  }

  public double p50Micros() {
    return p50;
  }

  public double p90Micros() {
    return p90;
  }

  public double p99Micros() {
    return p99;
  }

  public double p999Micros() {
    return p999;
  }

  public double meanMicros() {
    return mean;
  }

  public double maxMicros() {
    return max;
  }

  /**
   * Completed requests whose latency was at most {@code micros} (at the histogram's precision), e.g.
   * the requests served within an SLO: {@code m.completedWithinMicros(5000)}.
   */
  public long completedWithinMicros(double micros) {
    if (latency.getTotalCount() == 0 || micros < 0) {
      return 0;
    }
    long v = (long) Math.min(micros, MAX_TRACKED_MICROS);
    return latency.getCountBetweenValues(0, v);
  }

  /** Latency at any percentile (0-100), in microseconds; NaN when nothing completed. */
  public double percentileMicros(double percentile) {
    return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile);
  }

  @Override public String toString() {
    return String.format("%s[%s p50=%.0fus p90=%.0fus p99=%.0fus issued=%d completed=%d failed=%d]",
        function, config, p50, p90, p99, issued, completed, failed);
  }

  /** Mutable builder; {@code failed} defaults to timedOut + rejected. */
  public static final class Builder {
    private final String function;
    private ScalingConfig config;
    private Histogram latency;
    private long[] latenciesMicros;
    private long issued, completed, timedOut, rejected, inFlight;
    private long failed = -1;
    private double askedRps, completedRps, cpuUsedCores, cpuLimitCores;
    private long throttledPeriods, periods, coldStarts;
    private int readyReplicas;

    private Builder(String function) {
      this.function = function;
    }

    public Builder config(ScalingConfig v) {
      config = v;
      return this;
    }

    /** Latency histogram in microseconds (copied at build). */
    public Builder latency(Histogram v) {
      latency = v;
      return this;
    }

    public Builder latenciesMicros(long[] v) {
      latenciesMicros = v;
      return this;
    }

    public Builder issued(long v) {
      issued = v;
      return this;
    }

    public Builder completed(long v) {
      completed = v;
      return this;
    }

    /** Total failures, if not just timedOut + rejected. */
    public Builder failed(long v) {
      failed = v;
      return this;
    }

    public Builder timedOut(long v) {
      timedOut = v;
      return this;
    }

    public Builder rejected(long v) {
      rejected = v;
      return this;
    }

    public Builder inFlight(long v) {
      inFlight = v;
      return this;
    }

    public Builder askedRps(double v) {
      askedRps = v;
      return this;
    }

    public Builder completedRps(double v) {
      completedRps = v;
      return this;
    }

    public Builder cpuUsedCores(double v) {
      cpuUsedCores = v;
      return this;
    }

    public Builder cpuLimitCores(double v) {
      cpuLimitCores = v;
      return this;
    }

    public Builder throttledPeriods(long v) {
      throttledPeriods = v;
      return this;
    }

    public Builder periods(long v) {
      periods = v;
      return this;
    }

    public Builder coldStarts(long v) {
      coldStarts = v;
      return this;
    }

    public Builder readyReplicas(int v) {
      readyReplicas = v;
      return this;
    }

    public FunctionMetrics build() {
      return new FunctionMetrics(this);
    }
  }
}
