package faasrl.chain;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ChainScaler} sees before it decides: the recent steps (oldest first, the last is
 * the step just run), the configuration of every hop now in force, the pattern time at the end of
 * the last step and that step's critical-path localisation. Immutable.
 *
 * @param recent      recent steps, oldest first (in a {@link ChainRun}, up to
 *                    {@link faasrl.env.Observation#MEMORY_STEPS}, as a scaling environment keeps)
 * @param configs     configuration per hop
 * @param timeSeconds pattern time at the end of the last step
 * @param path        the last step's localisation
 */
public record ChainObservation(List<StepResult> recent, Map<String, ScalingConfig> configs, double timeSeconds,
    CriticalPath path) {
  public ChainObservation {
    recent = List.copyOf(recent);
    if (recent.isEmpty()) {
      throw new IllegalArgumentException("an observation needs at least one step");
    }
    configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
  }

  /** The step just run. */
  public StepResult last() {
    return recent.get(recent.size() - 1);
  }
}
