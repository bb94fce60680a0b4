package faasrl.chain;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Observation;
import faasrl.env.StateEncoders;
import faasrl.rl.DqnConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A critical-path-aware scaler: the hops' split-SLO DQNs ({@link HopDqns}), steered each step by the
 * end-to-end margin and the {@link CriticalPath}.
 * <ul>
 *   <li><b>Over or near the SLO</b> (end-to-end p90 above {@code near} x SLO): the critical hop goes
 *       up, by its DQN's choice if that raises it, else by {@value #BOOST_PERCENT}%; the other callees
 *       follow their DQNs but never go down; the entry, whose p90 is the end-to-end one, holds unless
 *       it is critical (its DQN would raise it for its callees' delay).</li>
 *   <li><b>Slack</b>: the slack below {@code near} x SLO is handed to the callees off the critical path,
 *       in proportion to their split SLOs (the entry is already held to the whole SLO), and their DQNs decide against the loosened SLOs, so they
 *       trim; the critical hop keeps its split SLO.</li>
 *   <li><b>Floors, whatever the margin</b> ({@link #floors}): no hop goes below the CPU that serves the
 *       rate the entry may send it ({@link #readyRps}): the entry's rate plus its backlog within one step
 *       while it holds one, and its recent peak rate while that peak is recent. Without them a backlog
 *       moves down the chain a hop a step, each hop raised only once it holds it, and between bursts
 *       the hops trim to the quiet rate, so each burst finds them small.</li>
 * </ul>
 * Per-function agents with split SLOs keep every hop under its share although the end-to-end p90 of a
 * chain lies below the sum of the hops' p90s; this one spends that difference where it is not needed.
 *
 * <!-- given: HopDqns dqns -->
 * <pre>{@code
 * ChainScaler cp = new CriticalPathScaler(dqns, 15_000, 0.8);
 * }</pre>
 *
 * @param dqns       the hops' DQNs and their split SLOs
 * @param e2eSloMicros the end-to-end p90 SLO, microseconds
 * @param near       the fraction of the SLO above which the chain counts as near it, in (0, 1]
 */
public record CriticalPathScaler(HopDqns dqns, double e2eSloMicros, double near) implements ChainScaler {
  /** How much the critical hop goes up when its DQN would not raise it. */
  public static final int BOOST_PERCENT = 25;

  /** An entry's backlog above this share of a step's arrivals counts in {@link #readyRps}. */
  public static final double BACKLOG_SHARE = 0.1;

  /** The default margin: below 80% of the SLO there is slack to hand out. */
  public static final double DEFAULT_NEAR = 0.8;

  public CriticalPathScaler {
    if (!(e2eSloMicros > 0) || Double.isInfinite(e2eSloMicros)) {
      throw new IllegalArgumentException("end-to-end SLO must be > 0 us, was " + e2eSloMicros);
    }
    if (!(near > 0 && near <= 1)) {
      throw new IllegalArgumentException("near must be in (0, 1], was " + near);
    }
  }

  /** With {@link #DEFAULT_NEAR}. */
  public CriticalPathScaler(HopDqns dqns, double e2eSloMicros) {
    this(dqns, e2eSloMicros, DEFAULT_NEAR);
  }

  @Override public String name() {
    return "critical-path";
  }

  @Override public Map<String, ScalingConfig> decide(ChainObservation obs) {
    Map<String, ScalingConfig> next = steer(obs);
    floors(obs).forEach((hop, floor) -> {
      ScalingConfig c = next.get(hop);
      int perReplica = (int) Math.ceil(floor / (double) Math.max(1, c.replicas()));
      if (c.cpuMillicores() < perReplica) {
        next.put(hop, c.cpuMillicores(perReplica));
      }
    });
    return next;
  }

  /**
   * The entry's rate every hop must be ready for; 0 if none. While the entry ended the last step with
   * more requests in flight than {@link #BACKLOG_SHARE} of a step's arrivals: its asked rate plus that
   * backlog over one step, which drains it within the next. While the entry's asked rate peaked in the
   * last {@link StateEncoders#HISTORY_STEPS} steps more than {@link DqnConfig#STEADY_TOLERANCE} above
   * its mean of the last three (the windows of the hops' own peak floors): that peak. The larger.
   * The hops' DQNs keep their own peak floors, but on their own asked rates, which while a backlog
   * drains are far above any rate they met their SLOs at, so between bursts those floors lapse.
   */
  static double readyRps(ChainObservation obs) {
    String entry = obs.path().hops().keySet().iterator().next();
    FunctionMetrics last = obs.last().function(entry);
    double backlogRps = last.inFlight() / (obs.last().length().toNanos() / 1e9);
    double ready = backlogRps > BACKLOG_SHARE * last.askedRps() ? last.askedRps() + backlogRps : 0;
    double[] meanAndPeak = StateEncoders.recentRps(Observation.tail(obs.recent(), StateEncoders.HISTORY_STEPS), entry);
    double peak = meanAndPeak[1];
    return peak > (1 + DqnConfig.STEADY_TOLERANCE) * meanAndPeak[0] ? Math.max(ready, peak) : ready;
  }

  /**
   * Per hop, the millicores in all (over its replicas) that serve {@link #readyRps} at
   * {@link DqnConfig#JUMP_UTILISATION}, at the CPU a request took that hop in the last step; empty when
   * there is no such rate. A chain's callees take one call per entry request each. Hops that completed
   * nothing in the last step have no floor.
   */
  static Map<String, Integer> floors(ChainObservation obs) {
    double rps = readyRps(obs);
    Map<String, Integer> floors = new LinkedHashMap<>();
    if (!(rps > 0)) {
      return floors;
    }
    for (String hop : obs.path().hops().keySet()) {
      FunctionMetrics m = obs.last().function(hop);
      if (m.completedRps() > 0) {
        double cores = rps * m.cpuUsedCores() / m.completedRps() / DqnConfig.JUMP_UTILISATION;
        floors.put(hop, (int) Math.ceil(cores * 1000));
      }
    }
    return floors;
  }

  private Map<String, ScalingConfig> steer(ChainObservation obs) {
    CriticalPath path = obs.path();
    String entry = path.hops().keySet().iterator().next();
    double e2e = path.e2eP90Micros();
    double budget = near * e2eSloMicros;
    Map<String, ScalingConfig> next = new LinkedHashMap<>();
    if (!(e2e <= budget)) {
      for (String hop : dqns.agents().keySet()) {
        ScalingConfig now = obs.configs().get(hop);
        ScalingConfig want = dqns.act(hop, obs, dqns.slo(hop));
        if (hop.equals(path.critical())) {
          next.put(hop, want.cpuMillicores() > now.cpuMillicores() ? want
              : now.cpuMillicores(boosted(now.cpuMillicores())));
        } else if (hop.equals(entry)) {
          next.put(hop, now);
        } else {
          next.put(hop, want.cpuMillicores() >= now.cpuMillicores() ? want : now);
        }
      }
      return next;
    }
    // the entry's SLO is the end-to-end one, so the slack is shared among the callees off the path
    double slack = budget - e2e;
    double offPath = 0;
    for (String hop : dqns.agents().keySet()) {
      if (!hop.equals(path.critical()) && !hop.equals(entry)) {
        offPath += dqns.slo(hop);
      }
    }
    for (String hop : dqns.agents().keySet()) {
      double slo = dqns.slo(hop);
      if (!hop.equals(path.critical()) && !hop.equals(entry) && offPath > 0) {
        slo += slack * slo / offPath;
      }
      next.put(hop, dqns.act(hop, obs, slo));
    }
    return next;
  }

  private static int boosted(int millicores) {
    return Math.max(millicores + 1, (int) Math.round(millicores * (100 + BOOST_PERCENT) / 100.0));
  }
}
