package faasrl.chain;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.rl.DqnConfig;
import java.util.LinkedHashMap;
import java.util.List;
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
 *   <li><b>A backlog at the entry</b> (requests still in flight at the step's end, more than
 *       {@value #BACKLOG_SHARE} of a step's arrivals): whatever the margin, no hop goes below the CPU that
 *       serves the entry's rate plus that backlog within one step ({@link #drainFloors}). Without it the
 *       backlog moves down the chain a hop a step, each hop raised only once it holds the backlog.</li>
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

  /** An entry's backlog above this share of a step's arrivals sets the {@link #drainFloors}. */
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
    drainFloors(obs).forEach((hop, floor) -> {
      ScalingConfig c = next.get(hop);
      int perReplica = (int) Math.ceil(floor / (double) Math.max(1, c.replicas()));
      if (c.cpuMillicores() < perReplica) {
        next.put(hop, c.cpuMillicores(perReplica));
      }
    });
    return next;
  }

  /**
   * Per hop, the millicores in all (over its replicas) that serve the entry's asked rate plus its
   * backlog (its in-flight requests over one step) at {@link DqnConfig#JUMP_UTILISATION}, at the CPU a
   * request took that hop in the last step; empty while the backlog is at most {@link #BACKLOG_SHARE}
   * of a step's arrivals. A chain's callees take one call per entry request each. Hops that completed
   * nothing have no floor.
   */
  static Map<String, Integer> drainFloors(ChainObservation obs) {
    List<String> hops = List.copyOf(obs.path().hops().keySet());
    StepResult last = obs.last();
    FunctionMetrics entry = last.function(hops.get(0));
    double seconds = last.length().toNanos() / 1e9;
    double backlogRps = entry.inFlight() / seconds;
    Map<String, Integer> floors = new LinkedHashMap<>();
    if (!(backlogRps > BACKLOG_SHARE * entry.askedRps())) {
      return floors;
    }
    double drainRps = entry.askedRps() + backlogRps;
    for (String hop : hops) {
      FunctionMetrics m = last.function(hop);
      if (m.completedRps() > 0) {
        double cores = drainRps * m.cpuUsedCores() / m.completedRps() / DqnConfig.JUMP_UTILISATION;
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
