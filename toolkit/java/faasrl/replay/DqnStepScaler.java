package faasrl.replay;

import faasrl.cluster.Cluster;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.env.Action;
import faasrl.env.EnvSpec;
import faasrl.env.Observation;
import faasrl.env.StateEncoder;
import faasrl.rl.PerFunctionDqn;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TraceAgents} in a trace replay: after every step that ends on the decision period, each
 * function's agent reads that step's metrics and moves its replicas by -1, 0 or +1, greedily (no
 * exploration, no learning). The replicas stay within the spec's bounds, at least one: the agents
 * never scale to zero.
 */
final class DqnStepScaler implements StepScaler {
  private final PerFunctionDqn agent;
  private final StateEncoder encoder;
  private final EnvSpec spec;

  DqnStepScaler(PerFunctionDqn agent, StateEncoder encoder, EnvSpec spec) {
    this.agent = agent;
    this.encoder = encoder;
    this.spec = spec;
  }

  @Override public Duration period() {
    return Duration.ofMillis(Math.round(spec.stepSeconds() * 1000));
  }

  @Override public void decide(Cluster cluster, StepResult step, double nowSeconds) {
    Map<String, ScalingConfig> configs = new LinkedHashMap<>();
    for (String f : spec.functions()) {
      configs.put(f, cluster.config(f));
    }
    // One step is all it needs: its encoder has no memory and its agent reads no history
    List<StepResult> recent = List.of(step);
    Observation obs = new Observation(encoder.encode(recent, configs, spec), step, configs, spec, nowSeconds, recent);
    Action a = agent.act(obs, false);
    for (String f : spec.functions()) {
      ScalingConfig now = configs.get(f);
      int r = spec.bounds().clamp(a.configs().get(f)).replicas();
      if (r != now.replicas()) {
        cluster.scale(f, now.replicas(r)); // only the replicas: the pods' CPU stays the replay's
      }
    }
  }
}
