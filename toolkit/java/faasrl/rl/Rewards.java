package faasrl.rl;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.Map;

/**
 * The rewards: the paper's two formulas exactly as its code computed them (REFERENCE.md section
 * 1), and a default that prices SLO violations and allocated CPU with explicit weights.
 *
 * <pre>{@code
 * Reward r = Rewards.sloCost();                               // default weights
 * Reward cheap = Rewards.sloCost(new Rewards.Weights(1, 0.5, 2, 1.0, 0));  // CPU twice as dear
 * Reward paper = Rewards.paperVertical();
 * }</pre>
 */
public final class Rewards {
  /** The paper's vertical latency normaliser: 400 ms in microseconds. */
  public static final double PAPER_VERTICAL_LATENCY_US = 400_000;

  private Rewards() {}

  /**
   * Weights of {@link #sloCost(Weights)}. Per step:
   * {@code reward = -sum_f [violation * 1{SLO missed} + excess * min(p90/slo - 1, 4)+ + failure * failedFraction]
   *  - cpuPerCore * allocatedCores - perReplica * replicas}, where allocated cores are the step's
   * time-averaged CPU limits summed over the function's pods as the cluster reports them
   * ({@code FunctionMetrics.cpuLimitCores}): a change that rolls out a new revision pays for both
   * revisions while they overlap, so needless changes cost something.
   *
   * @param violation  penalty for a step in which a function missed its SLO
   * @param excess     penalty per SLO of p90 above the SLO (capped at 4 SLOs): grades how badly
   * @param failure    penalty per unit of failed-request fraction
   * @param cpuPerCore cost of one allocated core for one step
   * @param perReplica cost of one replica for one step
   */
  public record Weights(double violation, double excess, double failure, double cpuPerCore, double perReplica) {
    public Weights {
      for (double w : new double[] {violation, excess, failure, cpuPerCore, perReplica}) {
        if (!(w >= 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException("reward weights must be finite and >= 0, were " + this);
        }
      }
    }

    /** violation 1, excess 0.5, failure 2, 1 per core, 0 per replica. */
    public static Weights defaults() {
      return new Weights(1, 0.5, 2, 1, 0);
    }

    /** These weights with another price per allocated core. */
    public Weights cpuPerCore(double v) {
      return new Weights(violation, excess, failure, v, perReplica);
    }
  }

  /** SLO-cost reward with {@link Weights#defaults()}. */
  public static Reward sloCost() {
    return sloCost(Weights.defaults());
  }

  public static Reward sloCost(Weights w) {
    return new SloCost(w);
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

  private record SloCost(Weights w) implements Reward {
    @Override public double of(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec, int consecutiveMet) {
      double penalty = 0;
      for (String f : spec.functions()) {
        FunctionMetrics m = r.function(f);
        double slo = spec.slo(f);
        double p90 = m.p90Micros();
        double ratio = Double.isFinite(p90) ? p90 / slo : StateEncoders.LATENCY_RATIO_CAP + 1;
        double failed = m.issued() == 0 ? 0 : (double) m.failed() / m.issued();
        if (!spec.sloMet(m)) {
          penalty += w.violation();
        }
        penalty += w.excess() * Math.min(Math.max(ratio - 1, 0), StateEncoders.LATENCY_RATIO_CAP);
        penalty += w.failure() * failed;
        penalty += w.cpuPerCore() * m.cpuLimitCores() + w.perReplica() * configs.get(f).replicas();
      }
      return -penalty;
    }

    @Override public String name() {
      return "slo-cost";
    }
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
