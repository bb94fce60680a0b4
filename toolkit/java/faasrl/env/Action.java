package faasrl.env;

import faasrl.cluster.ScalingConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decision: the configuration each function should have next, and the index in the
 * environment's {@link ActionSpace} when the agent chose one (learners do), or -1 for a rule-based
 * agent that asks for a configuration directly. The environment clamps it to its bounds.
 *
 * @param index   index in the action space, or -1
 * @param configs configuration per function; functions left out keep theirs
 */
public record Action(int index, Map<String, ScalingConfig> configs) {
  public Action {
    configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
  }

  /** A direct configuration request (no action index). */
  public static Action configs(Map<String, ScalingConfig> configs) {
    return new Action(-1, configs);
  }

  /** Keep every function as it is. */
  public static Action keep(Observation obs) {
    return configs(obs.configs());
  }
}
