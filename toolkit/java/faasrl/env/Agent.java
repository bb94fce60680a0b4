package faasrl.env;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Decides a scaling configuration once per environment step. Learning agents (DQN, RL4J) and
 * rule-based scalers (KPA, HPA, VPA, static, oracle) share this interface, so one experiment loop
 * runs them all.
 *
 * <!-- given: Agent agent; ScalingEnv env -->
 * <pre>{@code
 * Observation obs = env.reset();
 * for (int i = 0; i < 100; i++) {
 *   Action a = agent.act(obs, true);
 *   StepOutcome out = env.step(a);
 *   agent.learn(Transition.of(obs, a, out));
 *   obs = out.done() ? env.reset() : out.observation();
 * }
 * }</pre>
 */
public interface Agent {

  /** A short name used in logs and tables, e.g. {@code dqn} or {@code kpa}. */
  String name();

  /** The configuration to apply next; {@code explore} is false during evaluation. */
  Action act(Observation observation, boolean explore);

  /**
   * The learner's own best choice for a training step that must not explore (after a missed SLO,
   * when no guard decides): unlike {@code act(observation, false)}, no rule meant for evaluation shapes it,
   * so training learns from its estimates alone. Agents without such rules need not override it.
   *
   * <!-- given: Agent agent; Observation obs -->
   * <pre>{@code
   * Action a = obs.spec().sloMet(obs.last()) ? agent.act(obs, true) : agent.exploit(obs);
   * }</pre>
   */
  default Action exploit(Observation observation) {
    return act(observation, false);
  }

  /** Records a transition; learners train on it, rule-based agents ignore it. */
  default void learn(Transition transition) {}

  /**
   * Records a transition chosen by someone else (a rule-based scaler during pre-training): learners
   * train on it as on their own but do not count it as a step of their exploration schedule.
   */
  default void learnOffline(Transition transition) {
    learn(transition);
  }

  /** True if {@link #learn} changes the agent. */
  default boolean learns() {
    return false;
  }

  /** The exploration rate in force, or 0 for agents that never explore. */
  default double epsilon() {
    return 0;
  }

  /** The loss of the last training update, or NaN. */
  default double lastLoss() {
    return Double.NaN;
  }

  /**
   * Records a whole step: what the agent saw, what it did and what came of it. The default learns
   * {@link Transition#of}; agents that need the step's raw metrics (e.g. a reward per function)
   * override this instead.
   */
  default void learn(Observation before, Action action, StepOutcome outcome) {
    learn(Transition.of(before, action, outcome));
  }

  /** Writes everything needed to continue exactly where the agent is into {@code dir}. */
  default void save(Path dir) throws IOException {}

  /** Restores what {@link #save} wrote. */
  default void load(Path dir) throws IOException {}
}
