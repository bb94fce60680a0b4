package faasrl.cluster;

import faasrl.csv.Csv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Offered load over time: the asked request rate at each instant, and whether arrivals are evenly
 * spaced or Poisson. Immutable. Time {@code t} is in seconds since the pattern started; a scaling
 * experiment keeps one pattern running across its steps.
 *
 * <pre>{@code
 * LoadPattern.constant(500);                       // 500 RPS, evenly spaced
 * LoadPattern.poisson(500);                        // 500 RPS on average, exponential gaps
 * LoadPattern.step(200, 800, 60);                  // 200 RPS, then 800 from t = 60 s
 * LoadPattern.diurnal(100, 900, 600).asPoisson();  // sine between 100 and 900 RPS, period 10 min
 * LoadPattern.trace(Path.of("data/workloads/trace.csv"));  // one rate per second
 * }</pre>
 */
public interface LoadPattern {
  /**
   * The highest rate a pattern may ask, requests per second: far beyond what one function of the
   * paper's cluster serves, and low enough that a step's arrivals stay countable.
   */
  double MAX_RPS = 1_000_000;
  /** The longest span of pattern time (a period, a burst interval), in seconds: one year. */
  double MAX_SECONDS = 365 * 86_400.0;

  /** Asked requests per second at time {@code t} (seconds since the pattern started); never negative. */
  double rpsAt(double t);

  /** An upper bound of {@link #rpsAt} over all times (used to draw Poisson arrivals exactly). */
  double maxRps();

  /** True for Poisson arrivals, false for evenly spaced ones. */
  boolean poisson();

  /** A short description, e.g. {@code constant(500)}. */
  String describe();

  /** The same rates with Poisson arrivals. */
  default LoadPattern asPoisson() {
    return Patterns.withArrivals(this, true);
  }

  /** The same rates with evenly spaced arrivals. */
  default LoadPattern asUniform() {
    return Patterns.withArrivals(this, false);
  }

  /** Every rate multiplied by {@code factor}. */
  default LoadPattern scaled(double factor) {
    return Patterns.scaled(this, factor);
  }

  /** Mean asked rate over {@code [from, to)} (seconds), by the midpoint rule at 1 ms resolution. */
  default double meanRps(double from, double to) {
    if (to <= from) {
      return rpsAt(from);
    }
    int n = (int) Math.max(1, Math.min(100_000, Math.round((to - from) * 1000)));
    double dt = (to - from) / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += rpsAt(from + (i + 0.5) * dt);
    }
    return sum / n;
  }

  /**
   * The first arrival strictly after {@code t}, in seconds; {@code Double.POSITIVE_INFINITY} when
   * the rate is zero from there on. Poisson arrivals are drawn exactly by thinning against
   * {@link #maxRps()}; even ones step by the current rate's period.
   */
  default double nextArrival(double t, SplittableRandom rng) {
    double max = maxRps();
    if (max <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (poisson()) {
      double x = t;
      for (int guard = 0; guard < 10_000_000; guard++) {
        x += -Math.log(1.0 - rng.nextDouble()) / max;
        if (rng.nextDouble() * max < rpsAt(x)) {
          return x;
        }
      }
      return Double.POSITIVE_INFINITY;
    }
    double x = t;
    for (int guard = 0; guard < 100_000_000; guard++) {
      double r = rpsAt(x);
      if (r > 0) {
        return x + 1.0 / r;
      }
      x += 0.001; // idle: look again in a millisecond
    }
    return Double.POSITIVE_INFINITY;
  }

  // ---- factories ----

  /** {@code rps} requests per second, evenly spaced. */
  static LoadPattern constant(double rps) {
    return new Patterns.Constant(rps, false);
  }

  /** {@code rps} requests per second on average, Poisson arrivals. */
  static LoadPattern poisson(double rps) {
    return new Patterns.Constant(rps, true);
  }

  /** {@code before} RPS until {@code atSeconds}, then {@code after} RPS. */
  static LoadPattern step(double before, double after, double atSeconds) {
    return steps(new double[] {0, atSeconds}, new double[] {before, after});
  }

  /** Piecewise constant: {@code rps[i]} from {@code fromSeconds[i]} (ascending, first 0). */
  static LoadPattern steps(double[] fromSeconds, double[] rps) {
    return new Patterns.Steps(fromSeconds, rps, false);
  }

  /** A sine between {@code minRps} and {@code maxRps} with the given period, starting at the minimum. */
  static LoadPattern diurnal(double minRps, double maxRps, double periodSeconds) {
    return new Patterns.Diurnal(Patterns.rate("min rps", minRps), Patterns.rate("max rps", maxRps),
        periodSeconds, false);
  }

  /**
   * {@code baseRps}, with bursts of {@code burstRps} lasting {@code burstSeconds} every
   * {@code everySeconds} (the first burst starts at {@code everySeconds / 2}). Poisson arrivals.
   */
  static LoadPattern bursty(double baseRps, double burstRps, double everySeconds, double burstSeconds) {
    return new Patterns.Bursty(Patterns.rate("base rps", baseRps), Patterns.rate("burst rps", burstRps),
        everySeconds, burstSeconds, true);
  }

  /** One rate per second, {@code perSecond[i]} during second {@code i}; held at the last value after. */
  static LoadPattern trace(double[] perSecond) {
    double[] from = new double[perSecond.length];
    for (int i = 0; i < from.length; i++) {
      from[i] = i;
    }
    return steps(from, perSecond);
  }

  /**
   * A trace from CSV: one rate per line (the last column if there are several; a header allowed),
   * one line per second.
   */
  static LoadPattern trace(Path csv) {
    List<Csv.Line> lines;
    try {
      lines = Csv.read(csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read load trace " + csv + ": " + e.getMessage(), e);
    }
    List<Double> rates = new ArrayList<>();
    for (Csv.Line line : lines) {
      String cell = line.last();
      try {
        rates.add(Double.parseDouble(cell));
      } catch (NumberFormatException e) {
        if (line.number() == 1) {
          continue; // header
        }
        throw new IllegalArgumentException(csv + " line " + line.number() + ": '" + cell
            + "' is not a rate in requests per second");
      }
    }
    if (rates.isEmpty()) {
      throw new IllegalArgumentException(csv + " holds no rates");
    }
    return trace(rates.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * Parses {@code 500}, {@code poisson:500}, {@code step:200:800:60}, {@code diurnal:100:900:600},
   * {@code bursty:100:800:60:10}, {@code trace:FILE} (one rate per second), and
   * {@code trace:INVOCATIONS.csv#HASHFUNCTION} or {@code trace:INVOCATIONS.csv#top1}: one function's
   * row of an Azure Functions 2019 invocations file (by its HashFunction, or the most called first),
   * issuing exactly its calls in each minute, minute 1 from t = 0 (see {@code faasrl.trace.MinuteArrivals}).
   */
  static LoadPattern parse(String spec) {
    return Patterns.parse(spec);
  }
}
