package faasrl.scaler;

/**
 * One pod as the HPA's replica calculator sees it: its phase and readiness, its CPU request, and its
 * CPU usage if the metrics pipeline reported one. Immutable; the {@code with...} methods return
 * changed copies.
 *
 * <pre>{@code
 * PodSample busy = PodSample.of(1000, 700);              // ready, 1000m requested, 700m used
 * PodSample starting = PodSample.of(1000, 0).unready();  // its sample is ignored, or counted as 0 on a scale-up
 * PodSample silent = PodSample.missing(1000);            // no metric reported
 * }</pre>
 *
 * @param phase             the pod's phase; failed pods are ignored, pending ones count as unready
 * @param deleting          a deletion timestamp is set: ignored
 * @param ready             the pod's Ready condition
 * @param cpuInitialising   within the CPU initialisation period without a full metric window since it
 *                          became ready (Kubernetes then ignores its sample); counts as unready
 * @param requestMillicores the pod's CPU request; 0 means none, which the calculator rejects
 * @param usageMillicores   the reported CPU usage, or {@link #NO_METRIC}
 */
public record PodSample(Phase phase, boolean deleting, boolean ready, boolean cpuInitialising,
    long requestMillicores, long usageMillicores) {
  /** {@link #usageMillicores()} of a pod without a reported metric. */
  public static final long NO_METRIC = -1;

  /** Kubernetes pod phases the calculator distinguishes. */
  public enum Phase { PENDING, RUNNING, SUCCEEDED, FAILED }

  public PodSample {
    if (phase == null) {
      throw new IllegalArgumentException("pod phase must be given");
    }
    if (requestMillicores < 0) {
      throw new IllegalArgumentException("pod CPU request must be >= 0 millicores, was " + requestMillicores);
    }
    if (usageMillicores < 0 && usageMillicores != NO_METRIC) {
      throw new IllegalArgumentException("pod CPU usage must be >= 0 millicores or NO_METRIC, was " + usageMillicores);
    }
  }

  /** A running, ready pod with a metric. */
  public static PodSample of(long requestMillicores, long usageMillicores) {
    return new PodSample(Phase.RUNNING, false, true, false, requestMillicores, usageMillicores);
  }

  /** A running, ready pod without a metric. */
  public static PodSample missing(long requestMillicores) {
    return of(requestMillicores, NO_METRIC);
  }

  public boolean hasMetric() {
    return usageMillicores != NO_METRIC;
  }

  public PodSample unready() {
    return new PodSample(phase, deleting, false, cpuInitialising, requestMillicores, usageMillicores);
  }

  public PodSample initialising() {
    return new PodSample(phase, deleting, ready, true, requestMillicores, usageMillicores);
  }

  public PodSample withPhase(Phase v) {
    return new PodSample(v, deleting, ready, cpuInitialising, requestMillicores, usageMillicores);
  }

  public PodSample beingDeleted() {
    return new PodSample(phase, true, ready, cpuInitialising, requestMillicores, usageMillicores);
  }
}
