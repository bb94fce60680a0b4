package faasrl.cli;

import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;

/**
 * The stated range of every duration and rate flag, checked where the flag is read, so that bad
 * input is one message naming the flag (exit 2) before any work. The bounds are those of the values
 * the flags become: {@link Load#MAX_LENGTH}, {@link Load#MAX_DEADLINE} and {@link LoadPattern#MAX_RPS}.
 *
 * <!-- given: double seconds -->
 * <pre>{@code
 * double s = FlagRanges.stepSeconds("--seconds", seconds);   // 0 < s <= 86400
 * }</pre>
 */
final class FlagRanges {
  private FlagRanges() {}

  /** A step length in seconds: more than 0, at most one day. */
  static double stepSeconds(String flag, double v) {
    double max = Load.MAX_LENGTH.toSeconds();
    if (!(v > 0) || v > max) {
      throw new IllegalArgumentException(flag + " must be > 0 and at most " + fmt(max) + " (one day), was " + fmt(v));
    }
    return v;
  }

  /** A rate in requests per second: more than 0, at most {@link LoadPattern#MAX_RPS}. */
  static double rps(String flag, double v) {
    if (!(v > 0) || v > LoadPattern.MAX_RPS) {
      throw new IllegalArgumentException(flag + " must be > 0 and at most " + fmt(LoadPattern.MAX_RPS) + ", was "
          + fmt(v));
    }
    return v;
  }

  /** A per-request deadline in milliseconds: more than 0, at most one hour. */
  static long deadlineMs(String flag, long v) {
    long max = Load.MAX_DEADLINE.toMillis();
    if (v <= 0 || v > max) {
      throw new IllegalArgumentException(flag + " must be > 0 and at most " + max + " (one hour), was " + v);
    }
    return v;
  }

  private static String fmt(double v) {
    return Math.abs(v) < 1e15 && v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
