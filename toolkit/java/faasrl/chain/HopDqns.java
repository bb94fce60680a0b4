package faasrl.chain;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.env.Bounds;
import faasrl.env.EnvSpec;
import faasrl.env.Observation;
import faasrl.env.StateEncoder;
import faasrl.env.StateEncoders;
import faasrl.experiment.Setup;
import faasrl.rl.DqnAgent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trained vertical DQN per hop (each trained on its own function with the experiments'
 * {@link Setup}), and the SLO each was trained on. Each DQN sees its hop as it saw its function in
 * training: the experiments' state with history ({@link StateEncoders#withHistory()}), its own
 * metrics and configuration, and an SLO, which a caller may change ({@link #act}): a looser SLO
 * makes the same state look like slack. Immutable; the networks are used greedily and never learn.
 *
 * <!-- given: DqnAgent cartDqn; DqnAgent emailDqn; ChainObservation observation -->
 * <pre>{@code
 * HopDqns d = HopDqns.of(Map.of("cartservice", cartDqn, "emailservice", emailDqn),
 *     Map.of("cartservice", 5_000.0, "emailservice", 5_000.0), Setup.defaults());   // one DQN per hop
 * ScalingConfig next = d.act("cartservice", observation, d.slo("cartservice"));
 * }</pre>
 *
 * @param agents     the DQN of each hop
 * @param sloMicros  the SLO each DQN was trained on, microseconds
 * @param bounds     CPU and replica bounds
 * @param stepSeconds step length
 */
public record HopDqns(Map<String, DqnAgent> agents, Map<String, Double> sloMicros, Bounds bounds, double stepSeconds) {
  private static final StateEncoder ENCODER = StateEncoders.withHistory();

  public HopDqns {
    agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
    sloMicros = Collections.unmodifiableMap(new LinkedHashMap<>(sloMicros));
    if (!agents.keySet().equals(sloMicros.keySet())) {
      throw new IllegalArgumentException("every hop needs a DQN and an SLO; DQNs for " + agents.keySet() + ", SLOs for "
          + sloMicros.keySet());
    }
  }

  /** The DQNs with the bounds and step length of {@code setup}. */
  public static HopDqns of(Map<String, DqnAgent> agents, Map<String, Double> sloMicros, Setup setup) {
    return new HopDqns(agents, sloMicros, setup.bounds(), setup.stepSeconds());
  }

  /** The SLO {@code hop}'s DQN was trained on, microseconds. */
  public double slo(String hop) {
    Double v = sloMicros.get(hop);
    if (v == null) {
      throw new IllegalArgumentException("no DQN for hop '" + hop + "' " + sloMicros.keySet());
    }
    return v;
  }

  /** What {@code hop}'s DQN does next, greedily, seeing its state against {@code sloMicros}. */
  public ScalingConfig act(String hop, ChainObservation obs, double sloMicros) {
    DqnAgent dqn = agents.get(hop);
    if (dqn == null) {
      throw new IllegalArgumentException("no DQN for hop '" + hop + "' " + agents.keySet());
    }
    return dqn.act(observation(hop, obs, sloMicros), false).configs().get(hop);
  }

  /**
   * {@code hop} as its DQN saw its function in training: its state over the history the encoder
   * keeps, and the chain's recent steps, which the DQN's evaluation rules (peaks, ramps, misses) read.
   */
  Observation observation(String hop, ChainObservation obs, double sloMicros) {
    EnvSpec spec = new EnvSpec(List.of(hop), Map.of(hop, sloMicros), stepSeconds, bounds,
        Setup.defaults().function(hop).actions(), ENCODER.size(List.of(hop)), MAX_FAILED_FRACTION);
    Map<String, ScalingConfig> mine = Map.of(hop, obs.configs().get(hop));
    List<StepResult> recent = obs.recent();
    return new Observation(ENCODER.encode(recent, mine, spec), obs.last(), mine, spec, obs.timeSeconds(), recent);
  }

  /** Most failed requests a step may have and still meet the SLO, as in training. */
  static final double MAX_FAILED_FRACTION = 0.01;
}
