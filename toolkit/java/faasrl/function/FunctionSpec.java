package faasrl.function;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a serverless function costs to run: the model the simulator executes and the description the
 * real backends deploy. Immutable; change it with the {@code with...} methods or a {@link Builder}.
 *
 * <p>A request's latency in the model is {@code overhead + queueing + cpu (stretched by sharing and
 * CFS throttling) + io + downstream calls}. CPU time is on one core: a request never uses more.
 *
 * <pre>{@code
 * FunctionSpec echo = FunctionSpec.builder("echo")
 *     .cpu(Distribution.exponential(500))      // 500 us of CPU on average
 *     .io(Distribution.deterministic(100))     // 100 us waiting on I/O, no CPU
 *     .coldStart(Duration.ofSeconds(2))
 *     .memoryMiB(64)
 *     .build();
 * FunctionSpec queue = echo.pureQueue();       // overheads and cold start zeroed: an M/M/c queue
 * }</pre>
 *
 * @param name            DNS-1123 name, as Knative requires (lower case, digits, '-')
 * @param description     one line for humans
 * @param cpu             CPU time one request needs on one core, in microseconds
 * @param io              time one request waits without using CPU (I/O, a database), in microseconds
 * @param overheadMicros  fixed latency added outside the pod's CPU: network and queue-proxy
 * @param coldStart       time from a pod's creation until it serves
 * @param memoryMiB       resident memory of one replica
 * @param parallelism     requests the runtime can run on CPU at the same time in one replica: 1 for
 *                        a single event loop (Node.js) or a global interpreter lock (CPython); 0 for
 *                        no limit (Go, JVM, .NET thread pools)
 * @param calls           functions called synchronously, in order, by each request (a chain)
 * @param source          where the numbers come from
 */
public record FunctionSpec(
    String name,
    String description,
    Distribution cpu,
    Distribution io,
    double overheadMicros,
    Duration coldStart,
    int memoryMiB,
    int parallelism,
    List<String> calls,
    String source) {

  /** The largest {@code memory_mib}: 1 TiB. */
  public static final int MAX_MEMORY_MIB = 1 << 20;
  /** The largest {@code parallelism}: far beyond any runtime's thread pool. */
  public static final int MAX_PARALLELISM = 100_000;
  /** The longest cold start: one hour. */
  public static final Duration MAX_COLD_START = Duration.ofHours(1);

  private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public FunctionSpec {
    Objects.requireNonNull(name, "name");
    if (!DNS_1123.matcher(name).matches()) {
      throw new IllegalArgumentException("function name '" + name
          + "' is not a DNS-1123 label (lower case letters, digits and '-', at most 63)");
    }
    description = description == null ? "" : description;
    Objects.requireNonNull(cpu, "cpu distribution of " + name);
    io = io == null ? Distribution.zero() : io;
    if (!(overheadMicros >= 0) || overheadMicros > Distribution.MAX_MICROS) {
      throw new IllegalArgumentException(name + ": overhead_us must be 0.." + (long) Distribution.MAX_MICROS
          + ", was " + overheadMicros);
    }
    coldStart = coldStart == null ? Duration.ZERO : coldStart;
    if (coldStart.isNegative() || coldStart.compareTo(MAX_COLD_START) > 0) {
      throw new IllegalArgumentException(name + ": cold_start must be 0.." + MAX_COLD_START.toMillis()
          + " ms, was " + coldStart);
    }
    if (memoryMiB < 0 || memoryMiB > MAX_MEMORY_MIB) {
      throw new IllegalArgumentException(name + ": memory_mib must be 0.." + MAX_MEMORY_MIB + ", was " + memoryMiB);
    }
    if (parallelism < 0 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException(name + ": parallelism must be 0.." + MAX_PARALLELISM
          + " (0 = unlimited), was " + parallelism);
    }
    calls = calls == null ? List.of() : List.copyOf(calls);
    if (calls.contains(name)) {
      throw new IllegalArgumentException(name + " calls itself");
    }
    source = source == null ? "" : source;
  }

  /** A spec without a parallelism limit (the form before {@code parallelism} existed). */
  public FunctionSpec(String name, String description, Distribution cpu, Distribution io,
      double overheadMicros, Duration coldStart, int memoryMiB, List<String> calls, String source) {
    this(name, description, cpu, io, overheadMicros, coldStart, memoryMiB, 0, calls, source);
  }

  /** A builder with no overheads, no cold start and 64 MiB; {@code cpu} must be set. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder that starts from this spec. */
  public Builder toBuilder() {
    return new Builder(name).description(description).cpu(cpu).io(io).overheadMicros(overheadMicros)
        .coldStart(coldStart).memoryMiB(memoryMiB).parallelism(parallelism).calls(calls).source(source);
  }

  /** The same CPU demand with every overhead, I/O wait, downstream call and cold start removed. */
  public FunctionSpec pureQueue() {
    return toBuilder().io(Distribution.zero()).overheadMicros(0).coldStart(Duration.ZERO)
        .calls(List.of()).build();
  }

  public FunctionSpec withCpu(Distribution d) {
    return toBuilder().cpu(d).build();
  }

  public FunctionSpec withColdStart(Duration d) {
    return toBuilder().coldStart(d).build();
  }

  /** Mean latency of one request alone on an idle, unthrottled pod (no queueing, no calls). */
  public double meanServiceMicros() {
    return overheadMicros + cpu.mean() + io.mean();
  }

  /** Fluent builder for {@link FunctionSpec}. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private Distribution cpu;
    private Distribution io = Distribution.zero();
    private double overheadMicros;
    private Duration coldStart = Duration.ZERO;
    private int memoryMiB = 64;
    private int parallelism;
    private List<String> calls = List.of();
    private String source = "";

    private Builder(String name) {
      this.name = name;
    }

    public Builder description(String v) {
      description = v;
      return this;
    }

    public Builder cpu(Distribution v) {
      cpu = v;
      return this;
    }

    public Builder io(Distribution v) {
      io = v;
      return this;
    }

    public Builder overheadMicros(double v) {
      overheadMicros = v;
      return this;
    }

    public Builder coldStart(Duration v) {
      coldStart = v;
      return this;
    }

    public Builder memoryMiB(int v) {
      memoryMiB = v;
      return this;
    }

    /** Requests one replica runs on CPU at once; 0 (the default) = no limit. */
    public Builder parallelism(int v) {
      parallelism = v;
      return this;
    }

    public Builder calls(List<String> v) {
      calls = v;
      return this;
    }

    public Builder source(String v) {
      source = v;
      return this;
    }

    public FunctionSpec build() {
      return new FunctionSpec(name, description, cpu, io, overheadMicros, coldStart, memoryMiB, parallelism,
          calls, source);
    }
  }
}
