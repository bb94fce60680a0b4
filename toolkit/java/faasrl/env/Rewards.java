package faasrl.env;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.Map;

/**
 * The rewards: the paper's two formulas exactly as its public code computed them, and a default
 * that prices SLO violations and allocated CPU with explicit weights.
 *
 * <pre>{@code
 * Reward r = Rewards.sloCost();                               // default weights
 * Reward dear = Rewards.sloCost(Rewards.Weights.defaults().cpuPerCore(2));  // CPU twice as dear
 * Reward paper = Rewards.paperVertical();
 * }</pre>
 */
public final class Rewards {
  /** The paper's vertical latency normaliser: 400 ms in microseconds. */
  public static final double PAPER_VERTICAL_LATENCY_US = 400_000;

  private Rewards() {}

  /**
   * Weights of {@link #sloCost(Weights)}. Per step and scaled function f:
   * <pre>
   * penalty_f = violation * 1{SLO missed}
   *           + missed * (issued - served within the SLO) / issued
   *           + cpuPerCore * cores + perReplica * replicas
   *           + rollout * |cores - cores before the step|
   * reward    = -sum_f penalty_f
   * </pre>
   * "Not served within the SLO" counts every request the step asked for that failed, timed out,
   * is still queued or in flight at the step's end, or completed later than the SLO, so the
   * miss term rises all the way into overload. Cores and replicas are those configured
   * ({@code cpu limit x replicas}). In a step that misses the SLO they are priced at the largest
   * configuration the action space can reach (the CPU ceiling and/or the most replicas), and unless
   * the step began by adding resources every request counts as missed (a roll-out's new revision
   * starts with an empty queue while the old one drains the backlog, which would otherwise make any
   * change, even a smaller one, look like relief). So while the SLO is missed, holding or giving
   * back resources never earns more than adding them, and giving back never more than holding:
   * there is no overload attractor. A change of configuration pays {@code rollout} per core
   * changed, in proportion to its size, whichever the direction; and in the step a new CPU limit
   * rolls out, the cores are those the cluster allocated over the step (while the old revision
   * drains, both revisions' limits count), which is what the evaluation measures: changing the
   * limit every step costs what it really costs, so a settled limit pays.
   *
   * @param violation  penalty for a step in which a function missed its SLO
   * @param missed     penalty per unit fraction of requests not served within the SLO
   * @param cpuPerCore cost of one configured core for one step
   * @param perReplica cost of one replica for one step
   * @param rollout    cost per core of CPU-limit change (a roll-out's price)
   */
  public record Weights(double violation, double missed, double cpuPerCore, double perReplica, double rollout) {
    public Weights {
      for (double w : new double[] {violation, missed, cpuPerCore, perReplica, rollout}) {
        if (!(w >= 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException("reward weights must be finite and >= 0, were " + this);
        }
      }
    }

    /** violation 1, missed 2, 1 per core, 0 per replica, rollout 0.5 per core changed. */
    public static Weights defaults() {
      return new Weights(1, 2, 1, 0, 0.5);
    }

    /** These weights with another price per configured core. */
    public Weights cpuPerCore(double v) {
      return new Weights(violation, missed, v, perReplica, rollout);
    }
  }

  /** SLO-cost reward with {@link Weights#defaults()}. */
  public static Reward sloCost() {
    return sloCost(Weights.defaults());
  }

  public static Reward sloCost(Weights w) {
    return new SloCost(w, false);
  }

  /**
   * {@link #sloCost(Weights)} for functions that are often idle for whole steps, such as a trace's: a
   * function asked for nothing in a step met its SLO (there was nothing to serve late) and pays only
   * for its cores, replicas and their change. The plain SLO-cost counts such a step as a violation
   * priced at the largest reachable configuration, which teaches the agent of a function called once
   * every few minutes to add pods whenever it is idle.
   *
   * <pre>{@code
   * Reward r = Rewards.sloCostIdleMet(Rewards.Weights.defaults());
   * }</pre>
   */
  public static Reward sloCostIdleMet(Weights w) {
    return new SloCost(w, true);
  }

  /**
   * The paper's vertical reward: {@code 2*(completed/issued + max(1 - p90/400000us, 0)) -
   * 2.5*(cpu_user*10)}, {@code -2} more if no latencies came back, {@code +0.2*k} for k consecutive
   * QoS-met steps. cpu_user is the first worker's node-wide user CPU fraction, as in the original
   * (which makes the CPU term nearly vanish). With several functions the first term is their mean.
   */
  public static Reward paperVertical() {
    return new PaperVertical();
  }

  /**
   * The paper's horizontal reward: {@code -1} if any function's p90 exceeds its SLA, else
   * {@code 1 - mean_f(p90_f / sla_f) ^ 0.4}. No resource term.
   */
  public static Reward paperHorizontal() {
    return new PaperHorizontal();
  }

  /** By name: {@code slo-cost}, {@code paper-vertical}, {@code paper-horizontal}. */
  public static Reward named(String name) {
    return switch (name) {
      case "slo-cost" -> sloCost();
      case "paper-vertical" -> paperVertical();
      case "paper-horizontal" -> paperHorizontal();
      default -> throw new IllegalArgumentException("reward must be slo-cost, paper-vertical or paper-horizontal, "
          + "was '" + name + "'");
    };
  }

  private record SloCost(Weights w, boolean idleMet) implements Reward {
    @Override public double of(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec, int consecutiveMet) {
      return of(r, configs, configs, spec, consecutiveMet);
    }

    @Override public double of(StepResult r, Map<String, ScalingConfig> previous, Map<String, ScalingConfig> configs,
        EnvSpec spec, int consecutiveMet) {
      double penalty = 0;
      for (String f : spec.functions()) {
        FunctionMetrics m = r.function(f);
        ScalingConfig c = configs.get(f);
        ScalingConfig before = previous.getOrDefault(f, c);
        boolean met = spec.sloMet(m) || idleMet && m.issued() == 0;
        ScalingConfig priced = met ? c : largestReachable(c, f, spec);
        boolean added = cores(c) > cores(before) || c.replicas() > before.replicas();
        // a roll-out in overload buys a few seconds of relief while the old revision drains the
        // backlog; only a change that adds resources is credited with what it served in time
        double missed = met || added ? missedFraction(m, spec.slo(f)) : 1;
        penalty += (met ? 0 : w.violation()) + w.missed() * missed;
        boolean rolledOut = c.cpuMillicores() != before.cpuMillicores();
        // a roll-out keeps the old revision's limit allocated while it drains: price what was allocated
        double allocated = met && rolledOut ? Math.max(cores(c), m.cpuLimitCores()) : cores(priced);
        penalty += w.cpuPerCore() * allocated + w.perReplica() * priced.replicas();
        penalty += w.rollout() * Math.abs(cores(c) - cores(before));
      }
      return -penalty;
    }

    @Override public String name() {
      return idleMet ? "slo-cost-idle-met" : "slo-cost";
    }
  }

  /**
   * The fraction of the requests a step asked for that were not served within {@code sloMicros}:
   * failed, timed out, still queued or in flight at the step's end, or completed late. 0 when none
   * were asked for.
   */
  public static double missedFraction(FunctionMetrics m, double sloMicros) {
    if (m.issued() <= 0) {
      return 0;
    }
    long served = Math.min(m.completedWithinMicros(sloMicros), m.issued());
    return (double) (m.issued() - served) / m.issued();
  }

  private static double cores(ScalingConfig c) {
    return c.cpuMillicores() / 1000.0 * c.replicas();
  }

  /** {@code c} with every dimension the action space turns for {@code f} at its upper bound. */
  private static ScalingConfig largestReachable(ScalingConfig c, String f, EnvSpec spec) {
    ScalingConfig out = c;
    for (ActionSpace.Knob k : spec.actions().knobs()) {
      if (!k.function().equals(f)) {
        continue;
      }
      out = switch (k.dimension()) {
        case CPU, CPU_PERCENT -> out.cpuMillicores(Math.max(out.cpuMillicores(), spec.bounds().cpuCeiling()));
        case REPLICAS -> out.replicas(Math.max(out.replicas(), spec.bounds().maxReplicas()));
      };
    }
    return out;
  }

  private record PaperVertical() implements Reward {
    @Override public double of(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec, int consecutiveMet) {
      double quality = 0;
      boolean noLatencies = false;
      for (String f : spec.functions()) {
        FunctionMetrics m = r.function(f);
        double p90 = m.p90Micros();
        if (!Double.isFinite(p90)) {
          noLatencies = true;
        }
        double latencyTerm = Double.isFinite(p90) ? Math.max(1 - p90 / PAPER_VERTICAL_LATENCY_US, 0) : 0;
        quality += 2 * (m.completionRate() + latencyTerm);
      }
      quality /= spec.functions().size();
      double reward = quality - 2.5 * (StateEncoders.firstWorker(r).cpuUser() * 10);
      if (noLatencies) {
        reward -= 2;
      }
      return reward + 0.2 * consecutiveMet;
    }

    @Override public String name() {
      return "paper-vertical";
    }
  }

  private record PaperHorizontal() implements Reward {
    @Override public double of(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec, int consecutiveMet) {
      double sum = 0;
      for (String f : spec.functions()) {
        double p90 = r.function(f).p90Micros();
        double sla = spec.slo(f);
        if (!Double.isFinite(p90) || p90 > sla) {
          return -1;
        }
        sum += p90 / sla;
      }
      return 1 - Math.pow(sum / spec.functions().size(), 0.4);
    }

    @Override public String name() {
      return "paper-horizontal";
    }
  }
}
