package faasrl.invoke;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one {@link Invoker} run did: outcomes, latency (microseconds from each request's intended
 * send time) and how late requests left against their schedule. Immutable.
 *
 * <p>{@code issued == completed + timedOut + rejected + errors + inFlight}; {@code inFlight} is
 * non-zero only when the run dropped unanswered requests at its end.
 *
 * <pre>{@code
 * InvokeResult r = Invoker.builder().endpoints("127.0.0.1:50051").rps(500).seconds(5).build().run();
 * System.out.println(r.vhiveSummary());          // Issued / completed requests: ...
 * FunctionMetrics m = r.metrics("adservice", ScalingConfig.defaults()).build();
 * }</pre>
 */
public final class InvokeResult {
  private final double lengthSeconds, askedRps;
  private final long issued, completed, timedOut, rejected, errors;
  private final Histogram latency, sendLag;
  private final long[] latencies;

  private InvokeResult(Builder b) {
    lengthSeconds = b.lengthSeconds;
    askedRps = b.askedRps;
    issued = b.issued;
    completed = b.completed;
    timedOut = b.timedOut;
    rejected = b.rejected;
    errors = b.errors;
    latency = b.latency.copy();
    sendLag = b.sendLag.copy();
    latencies = b.latencies;
  }

  public long issued() {
    return issued;
  }

  /** Answered successfully within the deadline. */
  public long completed() {
    return completed;
  }

  /** Not answered within the deadline. */
  public long timedOut() {
    return timedOut;
  }

  /** Not sent because {@code maxInFlight} requests were already outstanding. */
  public long rejected() {
    return rejected;
  }

  /** Answered with an error, or the server could not be reached. */
  public long errors() {
    return errors;
  }

  /** timedOut + rejected + errors. */
  public long failed() {
    return timedOut + rejected + errors;
  }

  /** Unanswered when the run ended (only when in-flight requests were dropped). */
  public long inFlight() {
    return issued - completed - failed();
  }

  /** How long the schedule ran, in seconds. */
  public double lengthSeconds() {
    return lengthSeconds;
  }

  /** Mean rate the pattern asked for over the run. */
  public double askedRps() {
    return askedRps;
  }

  /** Requests sent per second of schedule. */
  public double issuedRps() {
    return issued / lengthSeconds;
  }

  /** Completed requests per second of schedule (vHive's "real RPS"). */
  public double achievedRps() {
    return completed / lengthSeconds;
  }

  /** A copy of the latency histogram of completed requests (microseconds from intended send). */
  public Histogram latency() {
    return latency.copy();
  }

  /** A copy of the send-lag histogram: microseconds each request left after its scheduled instant. */
  public Histogram sendLag() {
    return sendLag.copy();
  }

  /** Latency percentile (0-100) in microseconds; NaN when nothing completed. */
  public double latencyMicros(double percentile) {
    return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile);
  }

  /** Send-lag percentile (0-100) in microseconds; NaN when nothing was sent. */
  public double sendLagMicros(double percentile) {
    return sendLag.getTotalCount() == 0 ? Double.NaN : sendLag.getValueAtPercentile(percentile);
  }

  /** Every completed request's latency in microseconds, if the run kept them; else empty. */
  public long[] latenciesMicros() {
    return latencies == null ? new long[0] : latencies.clone();
  }

  /** A metrics builder filled with this run's requests; backends add CPU and replica figures. */
  public FunctionMetrics.Builder metrics(String function, ScalingConfig config) {
    return FunctionMetrics.builder(function).config(config).latency(latency).latenciesMicros(latencies)
        .issued(issued).completed(completed).timedOut(timedOut).rejected(rejected).failed(failed())
        .inFlight(inFlight()).askedRps(askedRps).completedRps(achievedRps());
  }

  /** This run as a one-function step (no node metrics), as the simulator reports steps. */
  public StepResult step(String function, ScalingConfig config) {
    return new StepResult(Duration.ZERO, Duration.ofNanos(Math.round(lengthSeconds * 1e9)),
        Map.of(function, metrics(function, config).build()), List.of());
  }

  /** The vHive invoker's two summary lines. */
  public String vhiveSummary() {
    return VhiveFormat.summary(issued, completed, achievedRps(), askedRps);
  }

  /** Writes completed latencies in microseconds, one per line, as vHive's invoker does (needs kept latencies). */
  public void writeVhiveLatencies(Path file) {
    if (latencies == null) {
      throw new IllegalStateException("latencies were not kept: build the invoker with keepLatencies(true)");
    }
    VhiveFormat.writeLatencies(latencies, file);
  }

  @Override public String toString() {
    return String.format(Locale.ROOT,
        "issued=%d completed=%d timedOut=%d rejected=%d errors=%d inFlight=%d achieved=%.1f/%.1f rps "
            + "p50=%.0fus p90=%.0fus p99=%.0fus sendLag.p99=%.0fus",
        issued, completed, timedOut, rejected, errors, inFlight(), achievedRps(), askedRps,
        latencyMicros(50), latencyMicros(90), latencyMicros(99), sendLagMicros(99));
  }

  static Builder builder(double lengthSeconds, double askedRps) {
    return new Builder(lengthSeconds, askedRps);
  }

  /** Filled by the {@link Tally}. */
  static final class Builder {
    private final double lengthSeconds, askedRps;
    private long issued, completed, timedOut, rejected, errors;
    private Histogram latency, sendLag;
    private long[] latencies;

    private Builder(double lengthSeconds, double askedRps) {
      this.lengthSeconds = lengthSeconds;
      this.askedRps = askedRps;
    }

    Builder counts(long issued, long completed, long timedOut, long rejected, long errors) {
      this.issued = issued;
      this.completed = completed;
      this.timedOut = timedOut;
      this.rejected = rejected;
      this.errors = errors;
      return this;
    }

    Builder latency(Histogram h, long[] all) {
      latency = h;
      latencies = all;
      return this;
    }

    Builder sendLag(Histogram h) {
      sendLag = h;
      return this;
    }

    InvokeResult build() {
      return new InvokeResult(this);
    }
  }
}
