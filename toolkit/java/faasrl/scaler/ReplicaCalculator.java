package faasrl.scaler;

import java.util.ArrayList;
import java.util.List;

/**
 * The HPA's CPU utilisation rule: kubernetes/kubernetes
 * {@code pkg/controller/podautoscaler/replica_calculator.go} ({@code GetResourceReplicas} with
 * {@code groupPods}). Utilisation is the integer percentage sum(usage) x 100 / sum(request) over the
 * pods that report a metric and are ready; desired = ceil(utilisation / target x those pods), or the
 * current count within the tolerance. Failed and terminating pods are ignored. When some pods are
 * unready (or pending, or initialising their CPU) and the ratio asks to scale up, they count as using
 * nothing; pods without a metric count as using nothing on a scale-up and max(100%, target) of their
 * request on a scale-down; the ratio is then recomputed and the count kept if the direction flips.
 *
 * <pre>{@code
 * int desired = ReplicaCalculator.resourceReplicas(3, 30,
 *     List.of(PodSample.of(1000, 300), PodSample.of(1000, 500), PodSample.of(1000, 700)), 0.1);   // 5
 * }</pre>
 */
public final class ReplicaCalculator {
  private ReplicaCalculator() {}

  /** The calculator cannot decide (Kubernetes then keeps the count and reports the reason). */
  public static final class NoRecommendation extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NoRecommendation(String why) {
      super(why);
    }
  }

  /**
   * The replica count for a CPU utilisation target of {@code targetPercent} (of the request) given
   * the pods; {@code tolerance} is the relative band around the target inside which nothing changes.
   *
   * @throws NoRecommendation if no pod is left to measure or a pod has no CPU request
   */
  public static int resourceReplicas(int currentReplicas, int targetPercent, List<PodSample> pods, double tolerance) {
    if (targetPercent <= 0) {
      throw new IllegalArgumentException("HPA CPU target must be > 0%, was " + targetPercent);
    }
    if (pods.isEmpty()) {
      throw new NoRecommendation("no pods returned by selector while calculating replica count");
    }
    List<PodSample> measured = new ArrayList<>(); // ready pods with a metric
    List<PodSample> unready = new ArrayList<>();
    List<PodSample> missing = new ArrayList<>();
    for (PodSample p : pods) {
      if (p.deleting() || p.phase() == PodSample.Phase.FAILED) {
        continue; // ignored
      }
      if (p.phase() == PodSample.Phase.PENDING) {
        unready.add(p);
      } else if (!p.hasMetric()) {
        missing.add(p);
      } else if (!p.ready() || p.cpuInitialising()) {
        unready.add(p);
      } else {
        measured.add(p);
      }
    }
    if (measured.isEmpty()) {
      throw new NoRecommendation("did not receive metrics for targeted pods (pods might be unready)");
    }
    for (PodSample p : pods) {
      if (p.requestMillicores() == 0) {
        throw new NoRecommendation("missing request for cpu in a pod");
      }
    }
    int readyPodCount = measured.size();
    long usage = 0, requests = 0;
    for (PodSample p : measured) {
      usage += p.usageMillicores();
      requests += p.requestMillicores();
    }
    double usageRatio = utilisation(usage, requests) / (double) targetPercent;

    boolean scaleUpWithUnready = !unready.isEmpty() && usageRatio > 1.0;
    if (!scaleUpWithUnready && missing.isEmpty()) {
      if (within(usageRatio, tolerance)) {
        return currentReplicas;
      }
      return (int) Math.ceil(usageRatio * readyPodCount);
    }

    int counted = readyPodCount;
    if (!missing.isEmpty()) {
      if (usageRatio < 1.0) {
        long fallbackPercent = Math.max(100, targetPercent); // as if at the request, or at a target above it
        for (PodSample p : missing) {
          usage += p.requestMillicores() * fallbackPercent / 100;
          requests += p.requestMillicores();
          counted++;
        }
      } else if (usageRatio > 1.0) {
        for (PodSample p : missing) {
          requests += p.requestMillicores(); // using nothing
          counted++;
        }
      }
    }
    if (scaleUpWithUnready) {
      for (PodSample p : unready) {
        requests += p.requestMillicores(); // using nothing
        counted++;
      }
    }
    double newUsageRatio = utilisation(usage, requests) / (double) targetPercent;
    if (within(newUsageRatio, tolerance) || (usageRatio < 1.0 && newUsageRatio > 1.0)
        || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
      return currentReplicas; // too small a change, or the direction would flip
    }
    int newReplicas = (int) Math.ceil(newUsageRatio * counted);
    if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
      return currentReplicas; // the number of pods counted would flip the direction
    }
    return newReplicas;
  }

  /** Kubernetes truncates utilisation to a whole percentage before comparing it with the target. */
  static long utilisation(long usageMillicores, long requestMillicores) {
    if (requestMillicores == 0) {
      throw new NoRecommendation("no metrics returned matched known pods");
    }
    return usageMillicores * 100 / requestMillicores;
  }

  static boolean within(double usageRatio, double tolerance) {
    return 1.0 - tolerance <= usageRatio && usageRatio <= 1.0 + tolerance;
  }
}
