package faasrl.invoke;

import faasrl.cluster.LoadPattern;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Finds the highest constant rate the invoker sustains against one endpoint: the rate at which
 * completed/asked stays at least 0.99 and the p99 send lag under 1 ms. Rates climb a ladder until one
 * fails, then the gap to the last good one is bisected. A rate fails only if a second trial fails
 * too: on a shared 2-core machine one late scheduler wake-up can cost a trial its p99.
 *
 * <pre>{@code
 * int max = InvokerBenchmark.create().seconds(3).run("127.0.0.1:50051", System.out::println);
 * }</pre>
 */
public final class InvokerBenchmark {
  /** Lowest acceptable completed/asked ratio. */
  public static final double MIN_RATIO = 0.99;
  /** Highest acceptable p99 send lag, microseconds. */
  public static final double MAX_SEND_LAG_P99_MICROS = 1_000;
  /** Highest rate {@link #rates} accepts. */
  public static final int MAX_RATE = 1_000_000;
  private static final int[] LADDER = {1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 40_000, 60_000};

  private double seconds = 3;
  private int maxRps = Integer.MAX_VALUE;
  private int[] rates;
  private Invoker.Client client = Invoker.Client.FRAMES;

  private InvokerBenchmark() {}

  /** A benchmark with 3 s per rate and the whole ladder. */
  public static InvokerBenchmark create() {
    return new InvokerBenchmark();
  }

  /** Seconds per tried rate (default 3). */
  public InvokerBenchmark seconds(double s) {
    if (!(s >= 0.5) || s > 600) {
      throw new IllegalArgumentException("bench seconds must be 0.5..600, was " + s);
    }
    seconds = s;
    return this;
  }

  /** Highest rate to try (default: the whole ladder, up to 60,000). */
  public InvokerBenchmark maxRps(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("bench max rps must be >= 1, was " + v);
    }
    maxRps = v;
    return this;
  }

  /** The invoker's HTTP/2 client (default {@link Invoker.Client#FRAMES}). */
  public InvokerBenchmark client(Invoker.Client v) {
    client = java.util.Objects.requireNonNull(v, "client");
    return this;
  }

  /**
   * Tries exactly these rates, in this order, instead of the ladder and bisection (e.g. the 10,000
   * and 20,000 RPS targets, whether or not a lower rate failed); each must be 1..{@value #MAX_RATE}.
   */
  public InvokerBenchmark rates(List<Integer> v) {
    if (v.isEmpty()) {
      throw new IllegalArgumentException("bench rates must name at least one rate");
    }
    for (int r : v) {
      if (r < 1 || r > MAX_RATE) {
        throw new IllegalArgumentException("bench rates must be 1.." + MAX_RATE + ", was " + r);
      }
    }
    rates = v.stream().mapToInt(Integer::intValue).toArray();
    return this;
  }

  /**
   * One tried rate: the run's result and the bytes the invoker's loop allocated per issued request
   * (send, reply and timers together).
   */
  public record Trial(int rps, InvokeResult result, long allocatedBytesPerRequest) {
    public boolean passed() {
      return result.achievedRps() / result.askedRps() >= MIN_RATIO
          && result.sendLagMicros(99) < MAX_SEND_LAG_P99_MICROS;
    }

    @Override public String toString() {
      return String.format(Locale.ROOT, "rps=%d achieved=%.1f ratio=%.4f send_lag_p99_us=%.0f p50_us=%.0f "
              + "p99_us=%.0f failed=%d alloc_b_per_req=%d %s", rps, result.achievedRps(),
          result.achievedRps() / result.askedRps(), result.sendLagMicros(99), result.latencyMicros(50),
          result.latencyMicros(99), result.failed(), allocatedBytesPerRequest, passed() ? "ok" : "FAIL");
    }
  }

  /**
   * Runs the ladder and bisection (or the given {@link #rates}) against {@code endpoint} (host:port
   * of a server that answers at once, e.g. FunctionServer noop), reporting each trial; returns the
   * highest passing rate (0 if none).
   */
  public int run(String endpoint, Consumer<Trial> progress) {
    Endpoint.parse(endpoint);
    // Warm-up of both JVMs (the server's compiler competes for the 2 cores too): the low-rate and the
    // many-connection paths, until C2 has compiled them.
    trial(endpoint, 5_000, 5);
    trial(endpoint, 20_000, 5);
    int good = 0, bad = -1;
    if (rates != null) {
      for (int rps : rates) {
        Trial t = trial(endpoint, rps, seconds);
        progress.accept(t);
        good = t.passed() ? Math.max(good, rps) : good;
      }
      return good;
    }
    for (int rps : LADDER) {
      if (rps > maxRps) {
        break;
      }
      if (!passes(endpoint, rps, progress)) {
        bad = rps;
        break;
      }
      good = rps;
    }
    while (bad > 0 && bad - good > Math.max(500, good / 10)) {
      int mid = (good + bad) / 2;
      if (passes(endpoint, mid, progress)) {
        good = mid;
      } else {
        bad = mid;
      }
    }
    return good;
  }

  /** Whether {@code rps} passes in one trial or, after a failure, in a second. */
  private boolean passes(String endpoint, int rps, Consumer<Trial> progress) {
    for (int attempt = 0; attempt < 2; attempt++) {
      Trial t = trial(endpoint, rps, seconds);
      progress.accept(t);
      if (t.passed()) {
        return true;
      }
    }
    return false;
  }

  private Trial trial(String endpoint, int rps, double s) {
    long before = InvokerLoop.allocatedBytes();
    InvokeResult r = Invoker.builder().endpoints(endpoint).pattern(LoadPattern.constant(rps)).seconds(s)
        .deadline(Duration.ofSeconds(1)).client(client).build().run();
    long bytes = InvokerLoop.allocatedBytes() - before;
    return new Trial(rps, r, r.issued() == 0 ? 0 : bytes / r.issued());
  }
}
