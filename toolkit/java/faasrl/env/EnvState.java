package faasrl.env;

import faasrl.cluster.ScalingConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a {@link ScalingEnv} stands, for checkpoints: restoring it on a fresh cluster continues the
 * same episode at the same pattern time with the same configuration.
 *
 * @param episode        episodes started so far (the current one included)
 * @param episodeStep    steps taken in the current episode
 * @param consecutiveMet SLO-met steps in a row
 * @param timeSeconds    pattern time at which the next step starts
 * @param configs        configuration per function in force
 */
public record EnvState(int episode, int episodeStep, int consecutiveMet, double timeSeconds,
    Map<String, ScalingConfig> configs) {
  public EnvState {
    configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
  }
}
