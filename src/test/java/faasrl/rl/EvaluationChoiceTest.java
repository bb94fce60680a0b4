package faasrl.rl;

import static faasrl.rl.DqnAgentTest.oneFunction;
import static faasrl.rl.DqnAgentTest.stepOfF;
import static faasrl.rl.DqnAgentTest.withRecent;
import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cluster.StepResult;
import faasrl.env.EnvSpec;
import faasrl.env.Observation;
import org.junit.jupiter.api.Test;

/**
 * The evaluation rules on Q-values given outright, without a network. The one function's actions
 * scale its CPU by -25, -10, 0, +10 and +100% (indices 0 to 4); every step runs at 100m.
 */
class EvaluationChoiceTest {
  private static final int TRIM_25 = 0, TRIM_10 = 1, HOLD = 2;
  private final EnvSpec spec = oneFunction();
  private final StepResult at300 = stepOfF(100, 1000, 3000);
  private final EvaluationChoice choice = new EvaluationChoice(DqnAgent.builder().steadyTrim(0.5).config(), 5);

  /** Holding is best; -10% is 0.4 below it, inside the tolerance (0.5, a little more after 3 held steps). */
  private static final double[] TRIM_10_NEARLY_BEST = {-3.0, -1.4, -1.0, -1.2, -2.0};

  @Test void onASteadyLoadTakesTheCheapestActionWithinTheTolerance() {
    Observation steady = withRecent(spec, at300, at300, at300);
    assertThat(choice.choose(TRIM_10_NEARLY_BEST, steady, null, true)).isEqualTo(TRIM_10);
    assertThat(choice.choose(new double[] {-1.3, -1.4, -1.0, -1.2, -2.0}, steady, null, true)).isEqualTo(TRIM_25);
    assertThat(choice.choose(new double[] {-3.0, -2.0, -1.0, -1.2, -2.0}, steady, null, true)).isEqualTo(HOLD);
  }

  @Test void exploringOrOffASteadyLoadTakesTheBestEstimate() {
    Observation steady = withRecent(spec, at300, at300, at300);
    Observation rising = withRecent(spec, stepOfF(100, 1000, 1500), stepOfF(100, 1000, 1500), at300);
    Observation afterMiss = withRecent(spec, at300, at300, stepOfF(100, 9000, 3000));
    assertThat(choice.choose(TRIM_10_NEARLY_BEST, steady, null, false)).isEqualTo(HOLD);
    assertThat(choice.choose(TRIM_10_NEARLY_BEST, rising, null, true)).isEqualTo(HOLD);
    assertThat(choice.choose(TRIM_10_NEARLY_BEST, afterMiss, null, true)).isEqualTo(HOLD);
  }

  @Test void neverTrimsBackToALimitThatMissedInTheWindow() {
    Observation sinceAMissAt90 = withRecent(spec, stepOfF(90, 9000, 3000), at300, at300, at300);
    assertThat(choice.choose(TRIM_10_NEARLY_BEST, sinceAMissAt90, null, true)).isEqualTo(HOLD);
  }

  @Test void keepsToTheMask() {
    Observation steady = withRecent(spec, at300, at300, at300);
    boolean[] noTrims = {false, false, true, true, true};
    assertThat(choice.choose(TRIM_10_NEARLY_BEST, steady, noTrims, true)).isEqualTo(HOLD);
  }
}
