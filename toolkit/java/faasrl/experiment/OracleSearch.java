package faasrl.experiment;

import faasrl.cluster.ScalingConfig;
import faasrl.env.Bounds;
import faasrl.scaler.StaticScaler;

/**
 * Finds the oracle: the cheapest static configuration that meets the SLO on at least
 * {@code minMetRate} of the evaluation steps, by search on the same workload and seed as the agents
 * it is compared with. Meeting the SLO is taken to be monotone in the CPU limit, so the CPU search is
 * a bisection on a grid; the replica search walks up from the fewest.
 *
 * <!-- given: Evaluator evaluator -->
 * <pre>{@code
 * OracleSearch.Found o = OracleSearch.cpu(evaluator, Setup.START, 10, 0.95);
 * System.out.println(o.config() + " after " + o.trials() + " trials");
 * }</pre>
 */
public final class OracleSearch {
  private OracleSearch() {}

  /**
   * The outcome of a search.
   *
   * @param agent   a static scaler named {@code oracle}
   * @param config  the configuration found
   * @param met     whether it meets the SLO (false: nothing within the bounds did; the largest is returned)
   * @param trials  evaluations run
   * @param seconds wall time of the search
   * @param summary the evaluation of {@code config} that the search ran
   */
  public record Found(StaticScaler agent, ScalingConfig config, boolean met, int trials, double seconds,
      Summary summary) {}

  /** The smallest CPU limit (multiple of {@code resolution} millicores) at {@code base}'s replicas. */
  public static Found cpu(Evaluator ev, ScalingConfig base, int resolution, double minMetRate) {
    if (resolution < 1) {
      throw new IllegalArgumentException("search resolution must be >= 1 millicore, was " + resolution);
    }
    long t0 = System.nanoTime();
    Bounds b = ev.setup().bounds();
    int lo = (int) Math.ceil(b.cpuFloor() / (double) resolution);
    int hi = b.cpuCeiling() / resolution;
    int trials = 1;
    Summary atHi = evaluate(ev, base.cpuMillicores(hi * resolution));
    if (!meets(atHi, minMetRate)) {
      return found(base.cpuMillicores(hi * resolution), false, trials, t0, atHi);
    }
    while (lo < hi) {   // invariant: hi meets, and atHi is its evaluation
      int mid = (lo + hi) / 2;
      trials++;
      Summary atMid = evaluate(ev, base.cpuMillicores(mid * resolution));
      if (meets(atMid, minMetRate)) {
        hi = mid;
        atHi = atMid;
      } else {
        lo = mid + 1;
      }
    }
    return found(base.cpuMillicores(hi * resolution), true, trials, t0, atHi);
  }

  /** The fewest replicas of {@code base} that meet the SLO. */
  public static Found replicas(Evaluator ev, ScalingConfig base, double minMetRate) {
    long t0 = System.nanoTime();
    Bounds b = ev.setup().bounds();
    int trials = 0;
    Summary last = null;
    for (int r = b.minReplicas(); r <= b.maxReplicas(); r++) {
      trials++;
      last = evaluate(ev, base.replicas(r));
      if (meets(last, minMetRate)) {
        return found(base.replicas(r), true, trials, t0, last);
      }
    }
    return found(base.replicas(b.maxReplicas()), false, trials, t0, last);
  }

  private static Summary evaluate(Evaluator ev, ScalingConfig c) {
    return ev.run(StaticScaler.of(c), null).summary();
  }

  private static boolean meets(Summary s, double minMetRate) {
    return s.sloMetRate() >= minMetRate;
  }

  private static Found found(ScalingConfig c, boolean met, int trials, long t0, Summary summary) {
    return new Found(StaticScaler.named("oracle", c), c, met, trials, (System.nanoTime() - t0) / 1e9, summary);
  }
}
