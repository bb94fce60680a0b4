package faasrl.local;

import faasrl.function.Distribution;
import faasrl.local.shop.ShopFunction;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The generic function that a {@link FunctionServer} serves for a function with no implementation of
 * its own (a function of a production trace): each call keeps its thread busy on the CPU for a time
 * drawn from the function's CPU profile, and the replica holds the profile's memory for its life.
 * The profile is a table of quantiles at equal steps of probability (0, 1/(n-1), ..., 1); a draw is
 * the piecewise-linear inverse CDF through them, so with 101 quantiles every whole percentile the
 * profile gives (the Azure trace's 0, 1, 25, 50, 75, 99, 100) is honoured. CPU time is the thread's
 * own ({@code CLOCK_THREAD_CPUTIME_ID}), so a CFS quota stretches a call as it stretches real work.
 *
 * <!-- given: FunctionSpec spec -->
 * <pre>{@code
 * double[] q = ProfileFunction.quantilesOf(spec.cpu());          // 101 quantiles in microseconds
 * FunctionServer s = FunctionServer.start("profile", ProfileFunction.of(q), 0, 0, Downstream.none());
 * }</pre>
 */
public final class ProfileFunction implements ShopFunction {
  /** The name a {@link FunctionServer} serves it under. */
  public static final String NAME = "profile";
  /** Quantiles passed to a replica: every percentile. */
  public static final int QUANTILES = 101;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final double[] quantilesMicros;
  private final List<ByteBuffer> held = new ArrayList<>();

  private ProfileFunction(double[] quantilesMicros) {
    this.quantilesMicros = quantilesMicros;
  }

  /** Busy CPU drawn from {@code quantilesMicros}: at least two, ascending, finite and >= 0. */
  public static ProfileFunction of(double[] quantilesMicros) {
    if (quantilesMicros == null || quantilesMicros.length < 2) {
      throw new IllegalArgumentException("a CPU profile needs at least two quantiles");
    }
    for (int i = 0; i < quantilesMicros.length; i++) {
      double v = quantilesMicros[i];
      if (!(v >= 0) || Double.isInfinite(v) || (i > 0 && v < quantilesMicros[i - 1])) {
        throw new IllegalArgumentException("CPU profile quantiles must be finite, >= 0 and ascending, were "
            + Arrays.toString(quantilesMicros));
      }
    }
    return new ProfileFunction(quantilesMicros.clone());
  }

  /** The same, from {@link #encode}'s comma-separated list. */
  public static ProfileFunction parse(String list) {
    try {
      return of(Arrays.stream(list.split(",")).mapToDouble(Double::parseDouble).toArray());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("CPU profile quantiles must be numbers separated by commas, was '"
          + list + "'");
    }
  }

  /** {@code quantilesMicros} as a comma-separated list, to the microsecond's tenth. */
  public static String encode(double[] quantilesMicros) {
    return Arrays.stream(quantilesMicros).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v))
        .collect(Collectors.joining(","));
  }

  /**
   * {@value #QUANTILES} quantiles of {@code cpu}: read off an empirical distribution's sorted samples,
   * else from 20,000 seeded draws.
   */
  public static double[] quantilesOf(Distribution cpu) {
    double[] sorted = cpu instanceof Distribution.Empirical e ? e.samplesMicros() : draws(cpu);
    Arrays.sort(sorted);
    double[] q = new double[QUANTILES];
    for (int i = 0; i < QUANTILES; i++) {
      q[i] = sorted[(int) Math.round((double) i / (QUANTILES - 1) * (sorted.length - 1))];
    }
    return q;
  }

  private static double[] draws(Distribution d) {
    SplittableRandom rng = new SplittableRandom(1);
    double[] x = new double[20_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = d.sample(rng);
    }
    return x;
  }

  /** Allocates and touches {@code mib} MiB outside the heap, held until the process ends. */
  public ProfileFunction holdMemory(int mib) {
    for (int i = 0; i < mib; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
      for (int p = 0; p < b.capacity(); p += 4096) {
        b.put(p, (byte) 1); // touch every page so that it is resident
      }
      held.add(b);
    }
    return this;
  }

  /** The CPU time of a draw {@code u} in [0, 1], in microseconds. */
  public double cpuMicros(double u) {
    double x = Math.min(1, Math.max(0, u)) * (quantilesMicros.length - 1);
    int i = Math.min(quantilesMicros.length - 2, (int) x);
    return quantilesMicros[i] + (x - i) * (quantilesMicros[i + 1] - quantilesMicros[i]);
  }

  @Override public String handle(String request, SplittableRandom rng) {
    double micros = cpuMicros(rng.nextDouble());
    busy((long) (micros * 1000));
    return String.format(Locale.ROOT, "busy %.0f us", micros);
  }

  /** Keeps this thread on the CPU for {@code nanos} of its own CPU time. */
  static double busy(long nanos) {
    long end = THREADS.getCurrentThreadCpuTime() + nanos;
    double x = 0;
    while (THREADS.getCurrentThreadCpuTime() < end) {
      for (int i = 0; i < 256; i++) {
        x += Math.sqrt(i + x);
      }
    }
    return x;
  }
}
