package faasrl.rl;

/**
 * An exploration schedule: the probability of a random action after {@code t} environment steps.
 *
 * <pre>{@code
 * Epsilon.exponential(0.9, 0.05, 150);   // the paper: end + (start - end) * exp(-t / 150)
 * Epsilon.linear(1.0, 0.05, 200);        // straight down to 0.05 at t = 200, then flat
 * }</pre>
 *
 * @param start  value at t = 0
 * @param end    value approached (exponential) or reached (linear)
 * @param steps  decay constant (exponential) or length (linear), in environment steps
 * @param linear linear instead of exponential
 */
public record Epsilon(double start, double end, double steps, boolean linear) {
  public Epsilon {
    if (!(start >= 0 && start <= 1) || !(end >= 0 && end <= 1)) {
      throw new IllegalArgumentException("epsilon start and end must be in [0, 1], were " + start + ", " + end);
    }
    if (!(steps > 0) || Double.isInfinite(steps)) {
      throw new IllegalArgumentException("epsilon decay steps must be > 0, was " + steps);
    }
  }

  public static Epsilon exponential(double start, double end, double decaySteps) {
    return new Epsilon(start, end, decaySteps, false);
  }

  public static Epsilon linear(double start, double end, double steps) {
    return new Epsilon(start, end, steps, true);
  }

  /** The rate after {@code t} steps. */
  public double at(long t) {
    if (linear) {
      return t >= steps ? end : start + (end - start) * t / steps;
    }
    return end + (start - end) * Math.exp(-t / steps);
  }
}
