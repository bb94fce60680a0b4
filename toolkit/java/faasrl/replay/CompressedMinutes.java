package faasrl.replay;

import faasrl.cluster.LoadPattern;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A per-minute load played faster (or slower): every trace minute lasts {@code minuteSeconds} of the
 * cluster's time and keeps all its calls, at their relative times. Immutable.
 *
 * <!-- given: TraceFunction f -->
 * <pre>{@code
 * LoadPattern fast = CompressedMinutes.of(f.arrivals(7), 10);   // each trace minute in 10 s
 * }</pre>
 */
final class CompressedMinutes implements LoadPattern {
  private final LoadPattern minutes;
  private final double minuteSeconds;
  /** Trace seconds per cluster second. */
  private final double speed;

  private CompressedMinutes(LoadPattern minutes, double minuteSeconds) {
    this.minutes = minutes;
    this.minuteSeconds = minuteSeconds;
    this.speed = 60 / minuteSeconds;
  }

  /** {@code minutes} (60 s a minute) with each minute played in {@code minuteSeconds}; itself for 60. */
  static LoadPattern of(LoadPattern minutes, double minuteSeconds) {
    return minuteSeconds == 60 ? minutes : new CompressedMinutes(minutes, minuteSeconds);
  }

  @Override public double rpsAt(double t) {
    return minutes.rpsAt(t * speed) * speed;
  }

  @Override public double maxRps() {
    return minutes.maxRps() * speed;
  }

  @Override public boolean poisson() {
    return minutes.poisson();
  }

  @Override public double meanRps(double from, double to) {
    return minutes.meanRps(from * speed, to * speed) * speed;
  }

  /** Strictly after {@code t} here too: the round trip through trace time must not return t's own arrival. */
  @Override public double nextArrival(double t, SplittableRandom rng) {
    double a = minutes.nextArrival(t * speed, rng);
    while (a / speed <= t) {
      a = minutes.nextArrival(a, rng);
    }
    return a / speed;
  }

  @Override public LoadPattern asPoisson() {
    return of(minutes.asPoisson(), minuteSeconds);
  }

  @Override public LoadPattern asUniform() {
    return of(minutes.asUniform(), minuteSeconds);
  }

  @Override public String describe() {
    return String.format(Locale.ROOT, "%s, a minute in %s s", minutes.describe(), minuteSeconds);
  }
}
