package faasrl.cluster;

import java.nio.file.Path;
import java.util.Arrays;

/** The {@link LoadPattern} implementations; use the factories on {@code LoadPattern}. */
final class Patterns {
  private Patterns() {}

  /** A rate in requests per second: 0..{@link LoadPattern#MAX_RPS}. */
  static double rate(String what, double v) {
    if (!(v >= 0) || v > LoadPattern.MAX_RPS) {
      throw new IllegalArgumentException(what + " must be 0.." + fmt(LoadPattern.MAX_RPS) + ", was " + fmt(v));
    }
    return v;
  }

  /** A rate in requests per second: more than 0, at most {@link LoadPattern#MAX_RPS}. */
  static double positiveRate(String what, double v) {
    if (!(v > 0) || v > LoadPattern.MAX_RPS) {
      throw new IllegalArgumentException(what + " must be > 0 and at most " + fmt(LoadPattern.MAX_RPS)
          + ", was " + fmt(v));
    }
    return v;
  }

  /** A span of pattern time in seconds: more than 0, at most {@link LoadPattern#MAX_SECONDS}. */
  static double positiveSeconds(String what, double v) {
    if (!(v > 0) || v > LoadPattern.MAX_SECONDS) {
      throw new IllegalArgumentException(what + " must be > 0 and at most " + fmt(LoadPattern.MAX_SECONDS)
          + ", was " + fmt(v));
    }
    return v;
  }

  record Constant(double rps, boolean poisson) implements LoadPattern {
    Constant {
      positiveRate("rps", rps);
    }

    @Override public double rpsAt(double t) {
      return rps;
    }

    @Override public double maxRps() {
      return rps;
    }

    @Override public String describe() {
      return (poisson ? "poisson(" : "constant(") + fmt(rps) + ")";
    }
  }

  record Steps(double[] from, double[] rps, boolean poisson) implements LoadPattern {
    Steps {
      if (from.length == 0 || from.length != rps.length) {
        throw new IllegalArgumentException("steps need as many start times as rates, at least one");
      }
      from = from.clone();
      rps = rps.clone();
      for (double r : rps) {
        rate("rps", r);
      }
      for (int i = 1; i < from.length; i++) {
        if (!(from[i] > from[i - 1])) {
          throw new IllegalArgumentException("step start times must ascend, got " + Arrays.toString(from));
        }
      }
    }

    @Override public double rpsAt(double t) {
      int i = Arrays.binarySearch(from, t);
      if (i < 0) {
        i = -i - 2;
      }
      return i < 0 ? rps[0] : rps[i];
    }

    @Override public double maxRps() {
      return Arrays.stream(rps).max().orElse(0);
    }

    @Override public String describe() {
      return from.length == 2 ? "step(" + fmt(rps[0]) + "->" + fmt(rps[1]) + "@" + fmt(from[1]) + "s)"
          : "trace(" + from.length + " steps, max " + fmt(maxRps()) + ")";
    }

    @Override public boolean equals(Object o) {
      return o instanceof Steps s && Arrays.equals(from, s.from) && Arrays.equals(rps, s.rps)
          && poisson == s.poisson;
    }

    @Override public int hashCode() {
      return 31 * Arrays.hashCode(from) + Arrays.hashCode(rps) + (poisson ? 1 : 0);
    }
  }

  record Diurnal(double min, double max, double period, boolean poisson) implements LoadPattern {
    Diurnal {
      if (max < min) {
        throw new IllegalArgumentException("diurnal max rps " + max + " is below min rps " + min);
      }
      positiveSeconds("diurnal period (s)", period);
    }

    @Override public double rpsAt(double t) {
      return min + (max - min) * 0.5 * (1 - Math.cos(2 * Math.PI * t / period));
    }

    @Override public double maxRps() {
      return max;
    }

    @Override public String describe() {
      return "diurnal(" + fmt(min) + ".." + fmt(max) + ", " + fmt(period) + "s)";
    }
  }

  record Bursty(double base, double burst, double every, double length, boolean poisson)
      implements LoadPattern {
    Bursty {
      positiveSeconds("burst interval (s)", every);
      positiveSeconds("burst length (s)", length);
      if (length > every) {
        throw new IllegalArgumentException("burst length " + length + " s exceeds the interval " + every + " s");
      }
    }

    @Override public double rpsAt(double t) {
      double phase = (t - every / 2) % every;
      return t >= every / 2 && phase < length ? burst : base;
    }

    @Override public double maxRps() {
      return Math.max(base, burst);
    }

    @Override public String describe() {
      return "bursty(" + fmt(base) + ", " + fmt(burst) + " for " + fmt(length) + "s every " + fmt(every) + "s)";
    }
  }

  record WithArrivals(LoadPattern inner, boolean poisson) implements LoadPattern {
    @Override public double rpsAt(double t) {
      return inner.rpsAt(t);
    }

    @Override public double maxRps() {
      return inner.maxRps();
    }

    @Override public String describe() {
      return inner.describe() + (poisson ? " poisson" : " uniform");
    }
  }

  record Scaled(LoadPattern inner, double factor) implements LoadPattern {
    Scaled {
      if (!(factor >= 0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("scale factor must be a finite number >= 0, was " + fmt(factor));
      }
      rate("scaled max rps", inner.maxRps() * factor);
    }

    @Override public double rpsAt(double t) {
      return inner.rpsAt(t) * factor;
    }

    @Override public double maxRps() {
      return inner.maxRps() * factor;
    }

    @Override public boolean poisson() {
      return inner.poisson();
    }

    @Override public String describe() {
      return fmt(factor) + "x " + inner.describe();
    }
  }

  static LoadPattern withArrivals(LoadPattern p, boolean poisson) {
    if (p.poisson() == poisson) {
      return p;
    }
    if (p instanceof Constant c) {
      return new Constant(c.rps(), poisson);
    }
    if (p instanceof Steps s) {
      return new Steps(s.from(), s.rps(), poisson);
    }
    if (p instanceof Diurnal d) {
      return new Diurnal(d.min(), d.max(), d.period(), poisson);
    }
    if (p instanceof Bursty b) {
      return new Bursty(b.base(), b.burst(), b.every(), b.length(), poisson);
    }
    return new WithArrivals(p instanceof WithArrivals w ? w.inner() : p, poisson);
  }

  static LoadPattern scaled(LoadPattern p, double factor) {
    return new Scaled(p, factor);
  }

  static LoadPattern parse(String spec) {
    String s = spec.trim();
    String[] parts = s.split(":");
    try {
      switch (parts[0]) {
        case "constant":
          return LoadPattern.constant(num(parts, 1, s));
        case "poisson":
          return LoadPattern.poisson(num(parts, 1, s));
        case "step":
          return LoadPattern.step(num(parts, 1, s), num(parts, 2, s), num(parts, 3, s));
        case "diurnal":
          return LoadPattern.diurnal(num(parts, 1, s), num(parts, 2, s), num(parts, 3, s));
        case "bursty":
          return LoadPattern.bursty(num(parts, 1, s), num(parts, 2, s), num(parts, 3, s), num(parts, 4, s));
        case "trace":
          return trace(s.substring("trace:".length()));
        default:
          return LoadPattern.constant(Double.parseDouble(s));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cannot read load pattern '" + spec + "': expected a rate, or "
          + "poisson:R, step:R1:R2:T, diurnal:MIN:MAX:PERIOD, bursty:BASE:BURST:EVERY:LEN, trace:FILE, "
          + "trace:INVOCATIONS.csv#HASHFUNCTION or trace:INVOCATIONS.csv#top1");
    }
  }

  /**
   * {@code FILE}: one rate per second; {@code FILE#HASHFUNCTION} or {@code FILE#top3}: one function's
   * row of an Azure Functions invocations file, its exact calls per minute from minute 1 at t = 0.
   */
  private static LoadPattern trace(String file) {
    int hash = file.lastIndexOf('#');
    if (hash < 0) {
      return LoadPattern.trace(Path.of(file));
    }
    return faasrl.trace.MinuteArrivals.random(
        faasrl.trace.AzureTrace.row(Path.of(file.substring(0, hash)), file.substring(hash + 1)), 1);
  }

  private static double num(String[] parts, int i, String spec) {
    if (parts.length <= i) {
      throw new NumberFormatException(spec);
    }
    return Double.parseDouble(parts[i]);
  }

  static String fmt(double v) {
    return Math.abs(v) < 1e15 && v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
