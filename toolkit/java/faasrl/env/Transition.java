package faasrl.env;

/**
 * One experience for a learner: state, the action index taken, reward, next state, and whether the
 * episode reached a terminal state (no bootstrapping from {@code next}). A truncated episode is not
 * terminal.
 */
public record Transition(double[] state, int action, double reward, double[] next, boolean terminal) {

  /** The transition from {@code before} through {@code action} to the step's outcome. */
  public static Transition of(Observation before, Action action, StepOutcome outcome) {
    return new Transition(before.state(), action.index(), outcome.reward(), outcome.observation().state(),
        outcome.terminal());
  }
}
