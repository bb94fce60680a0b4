package faasrl.cluster;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One step of offered load: a {@link LoadPattern} per function, how long to run it, where in the
 * patterns' time the step starts, and the per-request deadline. Immutable.
 *
 * <!-- given: Cluster cluster -->
 * <pre>{@code
 * Load load = Load.of("adservice", LoadPattern.poisson(500))
 *     .and("cartservice", LoadPattern.constant(200))
 *     .seconds(10)
 *     .offset(Duration.ofSeconds(30))      // patterns read from t = 30 s
 *     .deadline(Duration.ofSeconds(5));    // later replies count as failures
 * StepResult r = cluster.run(load);
 * }</pre>
 */
public record Load(
    Map<String, LoadPattern> patterns,
    Duration length,
    Duration offset,
    Duration deadline,
    boolean recordLatencies) {

  /** Default per-request deadline: a request not answered in this time is a failure. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
  /** The longest step: one day (nanosecond clocks and per-step counters stay far from overflow). */
  public static final Duration MAX_LENGTH = Duration.ofDays(1);
  /** The longest per-request deadline: one hour. */
  public static final Duration MAX_DEADLINE = Duration.ofHours(1);
  /** The latest point in the patterns' time a step may start at: 100 years. */
  public static final Duration MAX_OFFSET = Duration.ofDays(36_500);

  public Load {
    if (patterns == null || patterns.isEmpty()) {
      throw new IllegalArgumentException("a load needs at least one function and pattern");
    }
    patterns = Collections.unmodifiableMap(new LinkedHashMap<>(patterns));
    Objects.requireNonNull(length, "length");
    if (length.isNegative() || length.isZero() || length.compareTo(MAX_LENGTH) > 0) {
      throw new IllegalArgumentException("step length must be > 0 and at most " + MAX_LENGTH.toSeconds()
          + " s, was " + length);
    }
    offset = offset == null ? Duration.ZERO : offset;
    if (offset.isNegative() || offset.compareTo(MAX_OFFSET) > 0) {
      throw new IllegalArgumentException("offset must be 0.." + MAX_OFFSET.toSeconds() + " s, was " + offset);
    }
    deadline = deadline == null ? DEFAULT_DEADLINE : deadline;
    if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(MAX_DEADLINE) > 0) {
      throw new IllegalArgumentException("deadline must be > 0 and at most " + MAX_DEADLINE.toSeconds()
          + " s, was " + deadline);
    }
  }

  /** {@code pattern} on {@code function} for 10 s from pattern time 0, default deadline. */
  public static Load of(String function, LoadPattern pattern) {
    return new Load(Map.of(function, pattern), Duration.ofSeconds(10), Duration.ZERO, DEFAULT_DEADLINE,
        false);
  }

  /** The same patterns on several functions. */
  public static Load of(Iterable<String> functions, LoadPattern pattern) {
    Map<String, LoadPattern> m = new LinkedHashMap<>();
    functions.forEach(f -> m.put(f, pattern));
    return new Load(m, Duration.ofSeconds(10), Duration.ZERO, DEFAULT_DEADLINE, false);
  }

  /** This load plus {@code pattern} on {@code function}. */
  public Load and(String function, LoadPattern pattern) {
    Map<String, LoadPattern> m = new LinkedHashMap<>(patterns);
    m.put(function, pattern);
    return new Load(m, length, offset, deadline, recordLatencies);
  }

  public Load length(Duration v) {
    return new Load(patterns, v, offset, deadline, recordLatencies);
  }

  /** Step length in seconds: more than 0, at most {@link #MAX_LENGTH} (one day). */
  public Load seconds(double s) {
    if (!(s > 0) || s > MAX_LENGTH.toSeconds()) {
      throw new IllegalArgumentException("seconds must be > 0 and at most " + MAX_LENGTH.toSeconds() + ", was " + s);
    }
    return length(Duration.ofNanos(Math.round(s * 1e9)));
  }

  public Load offset(Duration v) {
    return new Load(patterns, length, v, deadline, recordLatencies);
  }

  public Load deadline(Duration v) {
    return new Load(patterns, length, offset, v, recordLatencies);
  }

  /** Keep every request's latency in the result (memory grows with requests). */
  public Load recordLatencies(boolean v) {
    return new Load(patterns, length, offset, deadline, v);
  }

  /** Length in seconds. */
  public double lengthSeconds() {
    return length.toNanos() / 1e9;
  }

  /** Offset in seconds. */
  public double offsetSeconds() {
    return offset.toNanos() / 1e9;
  }

  /** Mean asked RPS of {@code function} over this step. */
  public double askedRps(String function) {
    LoadPattern p = patterns.get(function);
    return p == null ? 0 : p.meanRps(offsetSeconds(), offsetSeconds() + lengthSeconds());
  }
}
