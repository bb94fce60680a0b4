package faasrl.env;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.List;
import java.util.Map;

/**
 * Turns a step's metrics and the configuration in force into the state vector a learner sees.
 * Implementations: {@link StateEncoders#normalised()} (the default), {@link StateEncoders#paperVertical()}
 * and {@link StateEncoders#paperHorizontal()}.
 */
public interface StateEncoder {

  /** Length of the vector for these functions. */
  int size(List<String> functions);

  /** The state after step {@code r} with {@code configs} in force. */
  double[] encode(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec);

  /**
   * The state after the last of {@code recent} (oldest first, at least one step of the current
   * episode) with {@code configs} in force. Only the last {@link #historySteps} of them count, so a
   * caller may pass all it remembers. Encoders with a memory override this; by default only the last
   * step counts.
   */
  default double[] encode(java.util.List<StepResult> recent, Map<String, ScalingConfig> configs, EnvSpec spec) {
    return encode(recent.get(recent.size() - 1), configs, spec);
  }

  /** Steps of history {@link #encode(java.util.List, Map, EnvSpec)} looks at; 1 for none. */
  default int historySteps() {
    return 1;
  }

  /** A short name for logs and checkpoints. */
  String name();
}
