package faasrl.trace;

import faasrl.cluster.LoadPattern;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A load given as calls per minute, as the Azure trace counts them, issued so that each minute gets
 * exactly its count, whatever steps the load is cut into: minute {@code m} covers pattern time
 * {@code [60 m, 60 m + 60)} seconds. Arrivals inside a minute are either random (the order
 * statistics of uniform times: a Poisson process given its count) or evenly spaced. Times fall on
 * microseconds plus half a microsecond, so that no arrival sits on a step boundary. A minute's
 * times depend only on the seed and the minute, so the same pattern gives the same arrivals in any
 * run. Immutable (it keeps the last minute's times as a cache).
 *
 * <pre>{@code
 * LoadPattern p = MinuteArrivals.random(new int[] {3, 0, 12}, 7);   // 3 calls in minute 0, 12 in minute 2
 * Load load = Load.of("f-1a2b", p).seconds(180);                     // issues exactly 15
 * }</pre>
 */
public final class MinuteArrivals implements LoadPattern {
  /** The most calls one minute may hold: {@link LoadPattern#MAX_RPS} for a minute. */
  public static final long MAX_PER_MINUTE = (long) (LoadPattern.MAX_RPS * 60);
  private static final long MICROS_PER_MINUTE = 60_000_000L;

  private final int[] counts;
  private final long seed;
  private final boolean random;
  /** For each minute, the first minute from there that has calls (counts.length if none). */
  private final int[] nextBusy;
  private final int max;
  private final long total;
  private volatile Cached last;

  private record Cached(int minute, long[] micros) {}

  private MinuteArrivals(int[] counts, long seed, boolean random) {
    this.counts = counts.clone();
    this.seed = seed;
    this.random = random;
    nextBusy = new int[counts.length + 1];
    nextBusy[counts.length] = counts.length;
    int m = 0;
    long sum = 0;
    for (int i = counts.length - 1; i >= 0; i--) {
      if (counts[i] < 0 || counts[i] > MAX_PER_MINUTE) {
        throw new IllegalArgumentException("calls in minute " + i + " must be 0.." + MAX_PER_MINUTE + ", was "
            + counts[i]);
      }
      nextBusy[i] = counts[i] > 0 ? i : nextBusy[i + 1];
      m = Math.max(m, counts[i]);
      sum += counts[i];
    }
    max = m;
    total = sum;
  }

  /** Random times in each minute (uniform order statistics), seeded. */
  public static MinuteArrivals random(int[] perMinute, long seed) {
    return new MinuteArrivals(perMinute, seed, true);
  }

  /** Evenly spaced times in each minute: call {@code i} of {@code c} at {@code (i + 0.5) / c} of it. */
  public static MinuteArrivals even(int[] perMinute) {
    return new MinuteArrivals(perMinute, 0, false);
  }

  /** Calls in each minute, from minute 0. */
  public int[] counts() {
    return counts.clone();
  }

  /** Calls over all minutes. */
  public long total() {
    return total;
  }

  /** Calls in minutes {@code [from, to)}. */
  public long calls(int from, int to) {
    long n = 0;
    for (int m = Math.max(0, from); m < Math.min(to, counts.length); m++) {
      n += counts[m];
    }
    return n;
  }

  @Override public double rpsAt(double t) {
    int m = (int) Math.floor(t / 60);
    return m >= 0 && m < counts.length ? counts[m] / 60.0 : 0;
  }

  /** Mean rate over {@code [from, to)} seconds, exactly: the calls of the minutes it covers, pro rata. */
  @Override public double meanRps(double from, double to) {
    if (to <= from) {
      return rpsAt(from);
    }
    double calls = 0;
    for (int m = Math.max(0, (int) Math.floor(from / 60)); m < counts.length && m * 60.0 < to; m++) {
      double overlap = Math.min(to, m * 60.0 + 60) - Math.max(from, m * 60.0);
      calls += counts[m] * overlap / 60;
    }
    return calls / (to - from);
  }

  @Override public double maxRps() {
    return max / 60.0;
  }

  @Override public boolean poisson() {
    return random;
  }

  @Override public String describe() {
    return "minutes(" + counts.length + " min, " + total + " calls" + (random ? ")" : ", even)");
  }

  @Override public LoadPattern asPoisson() {
    return random ? this : new MinuteArrivals(counts, seed, true);
  }

  @Override public LoadPattern asUniform() {
    return random ? new MinuteArrivals(counts, seed, false) : this;
  }

  /** The first arrival strictly after {@code t}; the random source is not used (times are fixed by the seed). */
  @Override public double nextArrival(double t, SplittableRandom rng) {
    int m = Math.max(0, (int) Math.floor(t / 60));
    while (m < counts.length) {
      m = nextBusy[m];
      if (m >= counts.length) {
        break;
      }
      long[] us = micros(m);
      double base = m * 60.0;
      int lo = 0, hi = us.length; // first index whose time is after t
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (time(base, us[mid]) > t) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      if (lo < us.length) {
        return time(base, us[lo]);
      }
      m++;
    }
    return Double.POSITIVE_INFINITY;
  }

  private static double time(double base, long micros) {
    return base + (micros + 0.5) * 1e-6;
  }

  /** Minute {@code m}'s arrival offsets in microseconds, ascending and distinct. */
  private long[] micros(int m) {
    Cached c = last;
    if (c != null && c.minute == m) {
      return c.micros;
    }
    int n = counts[m];
    long[] us = new long[n];
    if (random) {
      SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + m * 0xC2B2AE3D27D4EB4FL);
      double[] sums = new double[n + 1]; // exponential spacings: sorted uniforms without a sort
      double s = 0;
      for (int i = 0; i <= n; i++) {
        s += -Math.log(1.0 - rng.nextDouble());
        sums[i] = s;
      }
      for (int i = 0; i < n; i++) {
        us[i] = Math.min(MICROS_PER_MINUTE - 1, (long) (sums[i] / s * MICROS_PER_MINUTE));
      }
    } else {
      for (int i = 0; i < n; i++) {
        us[i] = (long) ((i + 0.5) * MICROS_PER_MINUTE / n);
      }
    }
    for (int i = 1; i < n; i++) { // distinct, then back inside the minute
      us[i] = Math.max(us[i], us[i - 1] + 1);
    }
    for (int i = n - 1; i >= 0 && us[i] > MICROS_PER_MINUTE - (n - i); i--) {
      us[i] = MICROS_PER_MINUTE - (n - i);
    }
    last = new Cached(m, us);
    return us;
  }

  @Override public boolean equals(Object o) {
    return o instanceof MinuteArrivals a && a.seed == seed && a.random == random && Arrays.equals(a.counts, counts);
  }

  @Override public int hashCode() {
    return Arrays.hashCode(counts) * 31 + Long.hashCode(seed) + (random ? 1 : 0);
  }
}
