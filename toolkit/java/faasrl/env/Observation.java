package faasrl.env;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an agent sees before it decides: the encoded state vector (for learners), the last step's
 * raw metrics (for rule-based scalers), the configuration in force, and the environment's spec.
 *
 * @param state       encoded state, {@link EnvSpec#stateSize()} long
 * @param last        metrics of the step that led here
 * @param configs     configuration per function now in force
 * @param spec        the environment's functions, SLOs, bounds and action space
 * @param stepSeconds pattern time at the end of {@code last}, in seconds
 */
public record Observation(double[] state, StepResult last, Map<String, ScalingConfig> configs, EnvSpec spec,
    double stepSeconds) {
  public Observation {
    state = state.clone();
    configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
  }

  @Override public double[] state() {
    return state.clone();
  }

  /** The configuration of one function. */
  public ScalingConfig config(String function) {
    ScalingConfig c = configs.get(function);
    if (c == null) {
      throw new IllegalArgumentException("function '" + function + "' is not scaled by this environment "
          + configs.keySet());
    }
    return c;
  }
}
