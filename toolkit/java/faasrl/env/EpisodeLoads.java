package faasrl.env;

import faasrl.cluster.LoadPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training load that changes shape every episode, so an agent meets ramps, bursts and cycles while
 * it learns, not only steady rates: each episode draws one kind (constant, step, diurnal, bursty, or
 * a replay of a given trace) and its parameters within {@code [low, high]} RPS, starting at a random
 * phase. Every pattern is Poisson and is laid out from the episode's start.
 *
 * <!-- given: Cluster cluster -->
 * <pre>{@code
 * EpisodeLoads loads = EpisodeLoads.mixed(50, 500, 240);              // 24 steps of 10 s
 * EpisodeLoads steadier = loads.constantWeight(3);                     // half of the episodes constant
 * EpisodeLoads withTrace = loads.withTrace(LoadPattern.trace(Path.of("trace.csv")), 3600);
 * ScalingEnv env = ScalingEnv.vertical(cluster, "adservice").episodeLoads(loads).build();
 * }</pre>
 */
public final class EpisodeLoads {
  /** The kinds an episode can draw. */
  public enum Kind { CONSTANT, STEP, DIURNAL, BURSTY, TRACE }

  private final double low, high, episodeSeconds;
  private final List<Kind> kinds;
  private final int constantWeight;
  private final List<Kind> draws; // each kind as often as its weight says
  private final LoadPattern trace;
  private final double traceSeconds;

  private EpisodeLoads(double low, double high, double episodeSeconds, List<Kind> kinds, int constantWeight,
      LoadPattern trace, double traceSeconds) {
    if (!(low > 0) || !(high >= low) || Double.isInfinite(high)) {
      throw new IllegalArgumentException("rps range must satisfy 0 < low <= high, was " + low + ".." + high);
    }
    if (!(episodeSeconds > 0) || Double.isInfinite(episodeSeconds)) {
      throw new IllegalArgumentException("episode length must be > 0 s, was " + episodeSeconds);
    }
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("episode loads need at least one kind");
    }
    if (constantWeight < 1) {
      throw new IllegalArgumentException("constant weight must be >= 1, was " + constantWeight);
    }
    this.low = low;
    this.high = high;
    this.episodeSeconds = episodeSeconds;
    this.kinds = List.copyOf(kinds);
    this.constantWeight = constantWeight;
    List<Kind> d = new ArrayList<>();
    for (Kind k : kinds) {
      for (int i = 0; i < (k == Kind.CONSTANT ? constantWeight : 1); i++) {
        d.add(k);
      }
    }
    this.draws = List.copyOf(d);
    this.trace = trace;
    this.traceSeconds = traceSeconds;
  }

  /** Constant, step, diurnal and bursty with equal chances, rates within {@code [low, high]}. */
  public static EpisodeLoads mixed(double low, double high, double episodeSeconds) {
    return new EpisodeLoads(low, high, episodeSeconds, List.of(Kind.CONSTANT, Kind.STEP, Kind.DIURNAL, Kind.BURSTY),
        1, null, 0);
  }

  /** Only constant rates within {@code [low, high]}: the paper's training load. */
  public static EpisodeLoads constant(double low, double high, double episodeSeconds) {
    return new EpisodeLoads(low, high, episodeSeconds, List.of(Kind.CONSTANT), 1, null, 0);
  }

  /**
   * These loads with a constant rate drawn {@code weight} times as often as each other kind: with
   * {@link #mixed} and 3, half of the episodes are constant.
   */
  public EpisodeLoads constantWeight(int weight) {
    return new EpisodeLoads(low, high, episodeSeconds, kinds, weight, trace, traceSeconds);
  }

  /**
   * These loads plus replays of {@code trace} (its rates as given, {@code seconds} long) from a
   * random point, as one more kind.
   */
  public EpisodeLoads withTrace(LoadPattern trace, double seconds) {
    if (trace == null) {
      throw new IllegalArgumentException("trace must not be null");
    }
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("trace length must be > 0 s, was " + seconds);
    }
    List<Kind> k = new ArrayList<>(kinds);
    if (!k.contains(Kind.TRACE)) {
      k.add(Kind.TRACE);
    }
    return new EpisodeLoads(low, high, episodeSeconds, k, constantWeight, trace.asPoisson(), seconds);
  }

  /** The kinds an episode can draw, each named once. */
  public List<Kind> kinds() {
    return kinds;
  }

  /** The pattern of an episode that starts at pattern time {@code start} (seconds). */
  public LoadPattern draw(SplittableRandom rng, double start) {
    Kind kind = draws.get(rng.nextInt(draws.size()));
    double t = episodeSeconds;
    return switch (kind) {
      case CONSTANT -> LoadPattern.poisson(rate(rng));
      case STEP -> LoadPattern.step(rate(rng), rate(rng), start + t * (0.2 + 0.6 * rng.nextDouble())).asPoisson();
      case DIURNAL -> {
        double a = rate(rng), b = rate(rng);
        double period = t * (1 + 2 * rng.nextDouble());
        yield shifted(LoadPattern.diurnal(Math.min(a, b), Math.max(a, b), period).asPoisson(), start,
            period * rng.nextDouble());
      }
      case BURSTY -> {
        double a = rate(rng), b = rate(rng);
        double every = t * (0.25 + 0.5 * rng.nextDouble());
        double burst = every * (0.1 + 0.3 * rng.nextDouble());
        yield shifted(LoadPattern.bursty(Math.min(a, b), Math.max(a, b), every, burst), start,
            every * rng.nextDouble());
      }
      case TRACE -> shifted(trace, start, Math.max(0, traceSeconds - t) * rng.nextDouble());
    };
  }

  private double rate(SplittableRandom rng) {
    return low + rng.nextDouble() * (high - low);
  }

  /** {@code p} as if it had started {@code phase} seconds before {@code start}. */
  static LoadPattern shifted(LoadPattern p, double start, double phase) {
    double shift = start - phase;
    return new LoadPattern() {
      @Override public double rpsAt(double t) {
        return p.rpsAt(Math.max(0, t - shift));
      }

      @Override public double maxRps() {
        return p.maxRps();
      }

      @Override public boolean poisson() {
        return p.poisson();
      }

      @Override public String describe() {
        return String.format(Locale.ROOT, "%s shifted %+.0fs", p.describe(), shift);
      }
    };
  }

  @Override public String toString() {
    return String.format(Locale.ROOT, "%s%s %.0f..%.0f rps per %.0f s episode", kinds,
        constantWeight == 1 ? "" : ", constant x" + constantWeight, low, high, episodeSeconds);
  }
}
