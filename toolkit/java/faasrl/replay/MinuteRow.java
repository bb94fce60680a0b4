package faasrl.replay;

/**
 * What one simulated minute of a trace replay did, over the replayed functions (or one of them).
 * Counts are about the calls issued in the minute: {@code issued = completed + failed + inFlight}
 * at the end of the step each call was issued in (the minute, or its 15 s or 2 s part when a scaler
 * decides between steps). Immutable.
 *
 * <!-- given: List<TraceFunction> functions; SimulatedCluster cluster -->
 * <pre>{@code
 * for (MinuteRow r : TraceReplay.builder(functions).build().run(cluster)) {
 *   System.out.println(r.minute() + ": " + r.issued() + " calls, " + r.coldStarts() + " cold starts");
 * }
 * }</pre>
 *
 * @param minute          the trace's minute (its column in the invocations file, from 1)
 * @param function        the function, or {@code all}
 * @param issued          calls issued: exactly the trace's count for the minute
 * @param completed       calls answered within the deadline, by the minute's end
 * @param failed          calls rejected or past their deadline
 * @param inFlight        calls still running or waiting at the end of their step
 * @param p50Micros       median latency of the completed calls (NaN when none)
 * @param p99Micros       99th percentile latency (NaN when none)
 * @param coldStarts      pods that finished a cold start during the minute
 * @param replicas        ready pods at the minute's end
 * @param cpuLimitCores   CPU limits of the placed pods, averaged over the minute, in cores
 */
public record MinuteRow(int minute, String function, long issued, long completed, long failed, long inFlight,
    double p50Micros, double p99Micros, long coldStarts, int replicas, double cpuLimitCores) {
  /** The {@code function} of a row that sums every function. */
  public static final String ALL = "all";
}
