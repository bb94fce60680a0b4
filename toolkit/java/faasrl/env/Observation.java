package faasrl.env;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an agent sees before it decides: the encoded state vector (for learners), the last step's
 * raw metrics (for rule-based scalers), the configuration in force, and the environment's spec.
 *
 * @param state       encoded state, {@link EnvSpec#stateSize()} long
 * @param last        metrics of the step that led here
 * @param configs     configuration per function now in force
 * @param spec        the environment's functions, SLOs, bounds and action space
 * @param stepSeconds pattern time at the end of {@code last}, in seconds
 * @param recent      the episode's recent steps, oldest first, {@code last} at the end (in a
 *                    {@link ScalingEnv}, the last {@value #MEMORY_STEPS} or as many as the state
 *                    encoder remembers if that is more; at least {@code last})
 */
public record Observation(double[] state, StepResult last, Map<String, ScalingConfig> configs, EnvSpec spec,
    double stepSeconds, List<StepResult> recent) {
  /** Steps a {@link ScalingEnv} keeps in {@link #recent}: 15 minutes of its default 10-s steps. */
  public static final int MEMORY_STEPS = 90;

  public Observation {
    state = state.clone();
    configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    recent = List.copyOf(recent);
    if (recent.isEmpty() || recent.get(recent.size() - 1) != last) {
      throw new IllegalArgumentException("recent steps must end with the last step");
    }
  }

  @Override public double[] state() {
    return state.clone();
  }

  /** The configuration of one function. */
  public ScalingConfig config(String function) {
    ScalingConfig c = configs.get(function);
    if (c == null) {
      throw new IllegalArgumentException("function '" + function + "' is not scaled by this environment "
          + configs.keySet());
    }
    return c;
  }

  /**
   * Whether the load is steady: for every function, the highest asked rate of the last
   * {@value StateEncoders#HISTORY_STEPS} steps is at most {@code 1 + tolerance} times the mean of the
   * last three (the same windows as the state's recent mean and peak).
   *
   * <!-- given: ScalingEnv env -->
   * <pre>{@code
   * boolean steady = env.reset().steadyLoad(0.05);   // one loaded step counts as steady
   * }</pre>
   */
  public boolean steadyLoad(double tolerance) {
    for (String f : spec.functions()) {
      double mean = meanRps(f);
      if (!(mean > 0 && peakRps(f) <= (1 + tolerance) * mean)) {
        return false;
      }
    }
    return true;
  }

  /** Mean asked RPS of {@code function} over the last three steps. */
  public double meanRps(String function) {
    return StateEncoders.recentRps(lastSteps(3), function)[0];
  }

  /** Highest asked RPS of {@code function} in the state's window ({@link StateEncoders#HISTORY_STEPS} steps). */
  public double peakRps(String function) {
    return StateEncoders.recentRps(lastSteps(StateEncoders.HISTORY_STEPS), function)[1];
  }

  /** The last {@code n} of {@link #recent} (fewer if it holds fewer), oldest first. */
  public List<StepResult> lastSteps(int n) {
    return tail(recent, n);
  }

  /**
   * The last {@code n} of {@code steps} (fewer if it holds fewer), as a view: the window a rule or
   * encoder reads of a run's history.
   *
   * <!-- given: List<StepResult> steps -->
   * <pre>{@code
   * List<StepResult> window = Observation.tail(steps, StateEncoders.HISTORY_STEPS);
   * }</pre>
   */
  public static List<StepResult> tail(List<StepResult> steps, int n) {
    return steps.subList(Math.max(0, steps.size() - n), steps.size());
  }
}
