package faasrl.rl;

import java.util.Arrays;

/**
 * Hyper-parameters of a {@link DqnAgent}. Immutable; build with {@link DqnAgent#builder()} or start
 * from a preset ({@link DqnAgent#paperVertical()}, {@link DqnAgent#paperHorizontal()}).
 *
 * @param hidden          widths of the hidden ReLU layers
 * @param learningRate    optimiser step size
 * @param amsgrad         AMSGrad instead of Adam
 * @param weightDecay     decoupled weight decay (AdamW), 0 for none
 * @param gamma           discount
 * @param batchSize       minibatch size
 * @param replayCapacity  transitions kept
 * @param prioritised     prioritised instead of uniform replay
 * @param priorityAlpha   prioritisation exponent
 * @param priorityBeta    importance-weight exponent at the start, annealed to 1 over the epsilon decay
 * @param epsilon         exploration schedule
 * @param tau             soft target update rate per update; 0 for hard copies every {@code targetPeriod}
 * @param targetPeriod    updates between hard target copies (used when tau is 0)
 * @param huberDelta      Huber loss threshold on the TD error
 * @param gradientClip    element-wise gradient clip
 * @param updatesPerStep  gradient updates per environment step
 * @param learningStarts  transitions gathered before the first update
 * @param doubleDqn       choose the next action with the online network, value it with the target
 * @param dueling         a dueling head: the last hidden layer feeds a state value V and advantages
 *                        A, and Q = V + A - mean(A), so that small differences between actions are
 *                        learnt apart from the value of the state (Wang et al., 2016)
 * @param seed            seeds weights, exploration and sampling
 * @param masked          never lower the cores of a function that just missed its SLO
 *                        ({@link ActionSpace#allowed}), in exploration and in greedy choices
 * @param steadyTrim      when not exploring, the last step met the SLO and the load is steady
 *                        ({@link faasrl.env.Observation#steadyLoad}, within {@link #STEADY_TOLERANCE}):
 *                        never lower a function to within 5% of a limit it had in a remembered step
 *                        ({@link faasrl.env.Observation#recent}) at no higher rate that missed its
 *                        SLO after a trim or a hold, or was a trim that the limit's next change
 *                        raised again, however long it held first (unless a miss at or above it within the 18 steps
 *                        before the trim floored the limit and forced the raise),
 *                        and take the allowed action with the fewest cores among those whose
 *                        Q-value is at most this much below the best (one more of this for every 18
 *                        steps the current limits have held with the SLO met, up to three in all),
 *                        but none that leaves a function no more cores than it had in such a step
 *                        or in a step of the state's window that missed its SLO; 0 for the plain
 *                        greedy choice. The estimates cannot tell a safe trim from a risky one
 *                        by less than this, and on a steady load a trim that misses is undone at
 *                        the next step
 * @param rampUtilisation when not exploring, the last step met the SLO and the load is a ramp (the
 *                        asked rate rose in each of the last two steps, by at least {@link #RAMP_RISE}
 *                        in all but less than {@link #RAMP_JUMP} times, so not a burst): never leave a
 *                        function fewer cores than its last step's CPU use, grown by that step's rise
 *                        in rate, over this utilisation; 0 for no lead. A limit that only follows the
 *                        use raises a step late on every ramp and pays for it with a miss and the
 *                        roll-out's backlog after it. It also leads bursts: after a miss at a rate
 *                        that jumped ({@link #JUMP_RISE}), the raise leaves that rate's demand at most
 *                        {@link #JUMP_UTILISATION} of the limit; and while the state's window holds a
 *                        peak rate above the recent mean, no function is lowered below the fewest
 *                        cores that met its SLO at that peak
 * @param trimUtilisation where {@code steadyTrim}'s choice applies, also count as nearly as good any
 *                        allowed action that leaves every function's recent CPU use (the most of its
 *                        last three steps) at most this fraction of its new cores (or, if more,
 *                        1 / (1 + {@link #PERIOD_SPREAD} / sqrt(n)) for n requests per 100-ms CFS
 *                        period to each replica), with the same
 *                        floors, unless the function's asked rate rose in each of the last two steps;
 *                        0 for Q-values alone. An agent whose estimates overrate a limit it raised
 *                        to still comes down to one its load fills
 */
public record DqnConfig(int[] hidden, double learningRate, boolean amsgrad, double weightDecay, double gamma,
    int batchSize, int replayCapacity, boolean prioritised, double priorityAlpha, double priorityBeta,
    Epsilon epsilon, double tau, int targetPeriod, double huberDelta, double gradientClip, int updatesPerStep,
    int learningStarts, boolean doubleDqn, boolean dueling, long seed, boolean masked, double steadyTrim,
    double rampUtilisation, double trimUtilisation) {
  /** How far the asked rate may peak above its recent mean for {@link #steadyTrim} to apply: 5%. */
  public static final double STEADY_TOLERANCE = 0.05;
  /** How much the asked rate must rise over two steps for {@link #rampUtilisation} to apply: 10%. */
  public static final double RAMP_RISE = 0.10;
  /** A rate that grows this many times in two steps is a burst, which {@link #rampUtilisation} leaves alone. */
  public static final double RAMP_JUMP = 2;
  /**
   * With {@link #rampUtilisation}, a miss at an asked rate this many times its peak of the steps
   * before is a jump: the raise after it leaves that rate's demand at most {@link #JUMP_UTILISATION}
   * of the limit. Chosen on the validation loads.
   */
  public static final double JUMP_RISE = 1.5;
  /** The utilisation a raise after a jump ({@link #JUMP_RISE}) leaves at most. */
  public static final double JUMP_UTILISATION = 0.9;
  /**
   * Where a 100-ms CFS period holds n requests to a replica, {@link #trimUtilisation} reaches up to
   * 1 / (1 + PERIOD_SPREAD / sqrt(n)): a period's CPU demand varies by about 1 / sqrt(n) of its mean,
   * so a busy function fills its limit further as safely (0.75 at 170 RPS, 0.80 at 300, 0.82 at 420).
   * Chosen on the validation loads.
   */
  public static final double PERIOD_SPREAD = 1.4;

  public DqnConfig {
    if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException("hidden layers must be one or more widths >= 1, were "
          + Arrays.toString(hidden));
    }
    hidden = hidden.clone();
    check("learning rate", learningRate > 0 && learningRate < 1, learningRate, "(0, 1)");
    check("weight decay", weightDecay >= 0, weightDecay, ">= 0");
    check("gamma", gamma >= 0 && gamma < 1, gamma, "[0, 1)");
    check("batch size", batchSize >= 1, batchSize, ">= 1");
    check("replay capacity", replayCapacity >= batchSize, replayCapacity, ">= batch size " + batchSize);
    check("priority alpha", priorityAlpha >= 0 && priorityAlpha <= 1, priorityAlpha, "[0, 1]");
    check("priority beta", priorityBeta >= 0 && priorityBeta <= 1, priorityBeta, "[0, 1]");
    check("tau", tau >= 0 && tau <= 1, tau, "[0, 1]");
    check("target period", targetPeriod >= 1, targetPeriod, ">= 1");
    check("huber delta", huberDelta > 0, huberDelta, "> 0");
    check("gradient clip", gradientClip > 0, gradientClip, "> 0");
    check("updates per step", updatesPerStep >= 1 && updatesPerStep <= 64, updatesPerStep, "1..64");
    check("learning starts", learningStarts >= 1, learningStarts, ">= 1");
    check("steady trim", steadyTrim >= 0, steadyTrim, ">= 0");
    check("ramp utilisation", rampUtilisation >= 0 && rampUtilisation <= 1, rampUtilisation, "in [0, 1]");
    check("trim utilisation", trimUtilisation >= 0 && trimUtilisation <= 1, trimUtilisation, "in [0, 1]");
    if (dueling && weightDecay > 0) {
      // DL4J decays every layer's weights, the dueling head's fixed map too
      throw new IllegalArgumentException("a dueling head needs weight decay 0, was " + weightDecay);
    }
    if (epsilon == null) {
      throw new IllegalArgumentException("epsilon schedule is required");
    }
  }

  private static void check(String what, boolean ok, double v, String range) {
    if (!ok || Double.isNaN(v)) {
      throw new IllegalArgumentException(what + " must be " + range + ", was " + v);
    }
  }

  @Override public int[] hidden() {
    return hidden.clone();
  }
}
