package faasrl.rl;

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

  /** A short name for logs and checkpoints. */
  String name();
}
