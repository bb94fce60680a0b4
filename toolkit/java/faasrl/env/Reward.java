package faasrl.env;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.Map;

/**
 * The reward of one step. Implementations: {@link Rewards#sloCost()} (the default),
 * {@link Rewards#paperVertical()} and {@link Rewards#paperHorizontal()}.
 */
public interface Reward {

  /**
   * The reward of step {@code r}.
   *
   * @param configs        configuration in force during the step
   * @param consecutiveMet SLO-met steps in a row, counting this one (0 if this step missed)
   */
  double of(StepResult r, Map<String, ScalingConfig> configs, EnvSpec spec, int consecutiveMet);

  /**
   * The reward of step {@code r}, which began by changing {@code previous} into {@code configs}.
   * Rewards that price a change by its size override this; by default the change is ignored.
   */
  default double of(StepResult r, Map<String, ScalingConfig> previous, Map<String, ScalingConfig> configs,
      EnvSpec spec, int consecutiveMet) {
    return of(r, configs, spec, consecutiveMet);
  }

  /** A short name for logs. */
  String name();
}
