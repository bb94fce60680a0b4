package faasrl.experiment;

import faasrl.cluster.ScalingConfig;
import faasrl.env.Action;
import faasrl.env.Agent;
import faasrl.env.Observation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rule of guarded exploration: after a step that missed a function's SLO, double its CPU limit
 * (or, if only replicas can move, its replicas); otherwise keep it. A learner acting in the
 * same action space is handed the nearest action, which is the largest step up whenever doubling is
 * more than that step. Unlike HPA or VPA it does not read utilisation, which a roll-out blurs (both
 * revisions' limits count while they overlap).
 *
 * <!-- given: Agent agent; ScalingEnv env -->
 * <pre>{@code
 * Experiment.train(agent, env).guard(new SloGuard()).steps(800).run();
 * }</pre>
 */
public final class SloGuard implements Agent {
  /** Growth asked for after a missed step. */
  public static final double GROWTH = 2;

  @Override public String name() {
    return "slo";
  }

  @Override public Action act(Observation obs, boolean explore) {
    Map<String, ScalingConfig> next = new LinkedHashMap<>();
    boolean cpu = obs.spec().actions().knobs().stream()
        .anyMatch(k -> k.dimension().cpu());
    for (String f : obs.spec().functions()) {
      ScalingConfig c = obs.config(f);
      if (obs.spec().sloMet(obs.last().function(f))) {
        next.put(f, c);
      } else if (cpu) {
        next.put(f, c.cpuMillicores((int) Math.min(ScalingConfig.MAX_CPU_MILLICORES, Math.ceil(c.cpuMillicores() * GROWTH))));
      } else {
        next.put(f, c.replicas((int) Math.min(ScalingConfig.MAX_REPLICAS, Math.ceil(c.replicas() * GROWTH))));
      }
    }
    return Action.configs(next);
  }
}
