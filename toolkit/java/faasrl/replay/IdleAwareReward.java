package faasrl.replay;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.env.EnvSpec;
import faasrl.env.Reward;
import faasrl.env.Rewards;
import java.util.List;
import java.util.Map;

/**
 * The SLO-cost reward ({@link Rewards#sloCost(Rewards.Weights)}) for trace functions, which are
 * often idle for whole steps: a function that was called no time in a step met its SLO (there was
 * nothing to serve late) and pays only for its cores and their change. The plain SLO-cost counts
 * such a step as a violation priced at the most replicas, which teaches the agent of a function
 * called once every few minutes to add pods whenever it is idle.
 *
 * <pre>{@code
 * Reward r = new IdleAwareReward(Horizontal.WEIGHTS);
 * }</pre>
 */
final class IdleAwareReward implements Reward {
  private final Rewards.Weights weights;
  private final Reward busy;

  IdleAwareReward(Rewards.Weights weights) {
    this.weights = weights;
    busy = Rewards.sloCost(weights);
  }

  @Override public double of(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec, int consecutiveMet) {
    return of(r, configs, configs, spec, consecutiveMet);
  }

  @Override public double of(StepResult r, Map<String, ScalingConfig> previous, Map<String, ScalingConfig> configs,
      EnvSpec spec, int consecutiveMet) {
    double sum = 0;
    for (String f : spec.functions()) {
      ScalingConfig c = configs.get(f), before = previous.getOrDefault(f, c);
      if (r.function(f).issued() == 0) {
        sum -= weights.cpuPerCore() * cores(c) + weights.perReplica() * c.replicas()
            + weights.rollout() * Math.abs(cores(c) - cores(before));
      } else {
        EnvSpec one = new EnvSpec(List.of(f), Map.of(f, spec.slo(f)), spec.stepSeconds(), spec.bounds(),
            spec.actions(), spec.stateSize(), spec.maxFailedFraction());
        sum += busy.of(r, previous, configs, one, consecutiveMet);
      }
    }
    return sum;
  }

  private static double cores(ScalingConfig c) {
    return c.cpuMillicores() / 1000.0 * c.replicas();
  }

  @Override public String name() {
    return "slo-cost-idle-met";
  }
}
