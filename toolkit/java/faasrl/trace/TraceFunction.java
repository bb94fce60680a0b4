package faasrl.trace;

import faasrl.function.FunctionSpec;
import java.time.Duration;
import java.util.Arrays;

/**
 * One function of an Azure Functions trace, cut to the replayed window: its calls per minute, its
 * duration percentiles and its memory. Immutable.
 *
 * <!-- given: List<TraceFunction> functions -->
 * <pre>{@code
 * TraceFunction f = functions.get(0);
 * FunctionSpec spec = f.spec(Duration.ofMillis(1500));   // CPU time drawn from the duration percentiles
 * LoadPattern load = f.arrivals(7);                      // exactly f.counts()[m] calls in minute m
 * }</pre>
 *
 * @param name       the function's name in the cluster: {@code f-} and the start of its hash (DNS-1123)
 * @param owner      HashOwner
 * @param app        HashApp
 * @param function   HashFunction
 * @param trigger    Trigger (http, timer, queue, ...)
 * @param row        the function's row in the invocations file (its line number)
 * @param counts     calls in each minute of the window
 * @param durationMs execution time percentiles, in milliseconds
 * @param memoryMiB  average allocated memory from the memory file; 0 when not known
 */
public record TraceFunction(String name, String owner, String app, String function, String trigger, long row,
    int[] counts, PercentileCurve durationMs, int memoryMiB) {
  /** Memory of a function the memory file does not describe (the function spec's default). */
  public static final int DEFAULT_MEMORY_MIB = 64;
  /** Network and queue-proxy overhead per request, as the online-shop functions' profiles measure it. */
  public static final double OVERHEAD_MICROS = 550;

  public TraceFunction {
    counts = counts.clone();
  }

  @Override public int[] counts() {
    return counts.clone();
  }

  /** This function with other calls per minute (another window of the same row): the profile stays. */
  public TraceFunction withCounts(int[] v) {
    return new TraceFunction(name, owner, app, function, trigger, row, v, durationMs, memoryMiB);
  }

  /** Calls over the whole window. */
  public long calls() {
    return Arrays.stream(counts).asLongStream().sum();
  }

  /**
   * The profile the cluster runs: CPU time per call drawn from the duration percentiles (the whole
   * execution counted as CPU on one core), the file's memory, and {@code coldStart}.
   */
  public FunctionSpec spec(Duration coldStart) {
    return FunctionSpec.builder(name)
        .description(trigger + " function " + function)
        .cpu(durationMs.scaled(1000).toDistribution())
        .overheadMicros(OVERHEAD_MICROS)
        .coldStart(coldStart)
        .memoryMiB(memoryMiB > 0 ? memoryMiB : DEFAULT_MEMORY_MIB)
        .source("Azure Functions trace, invocations row " + row)
        .build();
  }

  /** The window's calls with random times inside each minute, seeded: minute 0 is the window's first. */
  public MinuteArrivals arrivals(long seed) {
    return MinuteArrivals.random(counts, seed);
  }

  @Override public boolean equals(Object o) {
    return o instanceof TraceFunction t && t.name.equals(name) && t.owner.equals(owner) && t.app.equals(app)
        && t.function.equals(function) && t.trigger.equals(trigger) && t.row == row
        && Arrays.equals(t.counts, counts) && t.durationMs.equals(durationMs)
        && t.memoryMiB == memoryMiB;
  }

  @Override public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(counts);
  }

  @Override public String toString() {
    return name + "(" + trigger + ", " + calls() + " calls, " + durationMs + " ms, " + memoryMiB + " MiB)";
  }
}
