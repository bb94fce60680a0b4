package faasrl.env;

import faasrl.cluster.StepResult;

/**
 * What one environment step returned.
 *
 * @param observation the state after the step
 * @param reward      the reward of the step
 * @param sloMet      whether every function met its SLO in the step
 * @param terminal    the episode reached a terminal state
 * @param truncated   the episode was cut off (time limit); not terminal
 * @param result      the cluster's raw metrics of the step
 * @param applied     the action as applied, after clamping to bounds
 */
public record StepOutcome(Observation observation, double reward, boolean sloMet, boolean terminal,
    boolean truncated, StepResult result, Action applied) {

  /** True when the episode ended, either way. */
  public boolean done() {
    return terminal || truncated;
  }
}
