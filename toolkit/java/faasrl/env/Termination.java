package faasrl.env;

/**
 * When an episode ends: terminal (a goal state, no bootstrapping) or truncated (a time limit).
 *
 * <pre>{@code
 * Termination.truncateAfter(24);          // the default: fixed-length episodes
 * Termination.paperVertical();            // 10 SLO-met steps in a row (terminal), or 24 steps
 * Termination.paperHorizontal(24);        // terminal as soon as every p90 meets its SLA
 * Termination.never();                    // one endless episode (evaluation)
 * }</pre>
 */
public interface Termination {
  /** What the policy says after a step. */
  enum End { NONE, TERMINAL, TRUNCATED }

  /**
   * @param episodeStep    steps taken in this episode, counting this one
   * @param consecutiveMet SLO-met steps in a row, counting this one
   * @param sloMet         whether this step met every SLO
   */
  End check(int episodeStep, int consecutiveMet, boolean sloMet);

  static Termination never() {
    return (step, met, ok) -> End.NONE;
  }

  /** Truncates after {@code steps} steps. */
  static Termination truncateAfter(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("episode length must be >= 1 step, was " + steps);
    }
    return (step, met, ok) -> step >= steps ? End.TRUNCATED : End.NONE;
  }

  /** The paper's vertical rule: terminal after 10 consecutive QoS-met steps, truncated at 24. */
  static Termination paperVertical() {
    return (step, met, ok) -> met >= 10 ? End.TERMINAL : step >= 24 ? End.TRUNCATED : End.NONE;
  }

  /** The paper's horizontal rule: terminal when every p90 meets its SLA; truncated at {@code maxSteps}. */
  static Termination paperHorizontal(int maxSteps) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("episode length must be >= 1 step, was " + maxSteps);
    }
    return (step, met, ok) -> ok ? End.TERMINAL : step >= maxSteps ? End.TRUNCATED : End.NONE;
  }
}
