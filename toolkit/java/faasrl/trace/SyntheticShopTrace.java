package faasrl.trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Writes the SYNTHETIC one-day trace of the nine online-shop functions bundled as
 * {@code data/traces/online-shop-invocations.csv}, in the Azure Functions 2019 invocations format
 * ({@code HashOwner,HashApp,HashFunction,Trigger,1..1440}, calls per minute). No production data is
 * in it: every row is a shape (steady, diurnal, bursty or stepped) at rates that need one to
 * five replicas of 250m, with +-8% multiplicative noise per minute, drawn from one seed, so the file is reproducible:
 *
 * <pre>{@code
 * SyntheticShopTrace.write(Path.of("data/traces/online-shop-invocations.csv"), SyntheticShopTrace.SEED);
 * }</pre>
 *
 * HashFunction is the function's name (not a hash), so that {@code trace:FILE#adservice} reads.
 * Checkout's and recommendation's callees get these calls on top of their own row in the simulator.
 */
public final class SyntheticShopTrace {
  /** The seed the bundled file was written with. */
  public static final long SEED = 20191;
  /** Minutes in a day: the format's 1440 columns. */
  public static final int MINUTES = 1440;

  private SyntheticShopTrace() {}

  /** Each function's rate (RPS) at minute m (0-based), before noise. */
  static Map<String, DoubleUnaryOperator> shapes(SplittableRandom rng) {
    Map<String, DoubleUnaryOperator> s = new LinkedHashMap<>();
    s.put("adservice", diurnal(200, 1300, 120, 0));
    s.put("cartservice", m -> 600);
    s.put("currencyservice", bursty(250, 1200, 3, 20, rng.split()));
    s.put("emailservice", m -> 150);
    s.put("paymentservice", diurnal(100, 600, 180, 60));
    s.put("productcatalogservice", stepped(new double[] {500, 800, 1200}, 60, rng.split()));
    s.put("shippingservice", bursty(200, 1000, 2, 15, rng.split()));
    s.put("recommendationservice", diurnal(100, 550, 90, 30));
    s.put("checkoutservice", m -> 100);
    return s;
  }

  /** Writes the trace of {@code seed} to {@code file}. */
  public static void write(Path file, long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, DoubleUnaryOperator> shapes = shapes(rng.split());
    SplittableRandom noise = rng.split();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder header = new StringBuilder("HashOwner,HashApp,HashFunction,Trigger");
      for (int m = 1; m <= MINUTES; m++) {
        header.append(',').append(m);
      }
      w.write(header.append('\n').toString());
      for (Map.Entry<String, DoubleUnaryOperator> e : shapes.entrySet()) {
        StringBuilder row = new StringBuilder("synthetic,online-shop,").append(e.getKey()).append(",http");
        for (int m = 0; m < MINUTES; m++) {
          double factor = 1 + 0.08 * (2 * noise.nextDouble() - 1);
          row.append(',').append(Math.round(e.getValue().applyAsDouble(m) * 60 * factor));
        }
        w.write(row.append('\n').toString());
      }
    }
  }

  private static DoubleUnaryOperator diurnal(double min, double max, double periodMinutes, double phaseMinutes) {
    return m -> min + (max - min) * 0.5 * (1 - Math.cos(2 * Math.PI * (m + phaseMinutes) / periodMinutes));
  }

  /** Base rate with bursts of {@code length} minutes, their starts about {@code every} minutes apart. */
  private static DoubleUnaryOperator bursty(double base, double burst, int length, int every, SplittableRandom rng) {
    boolean[] on = new boolean[MINUTES];
    for (int m = rng.nextInt(every); m < MINUTES; m += every / 2 + rng.nextInt(every)) {
      for (int i = m; i < Math.min(MINUTES, m + length); i++) {
        on[i] = true;
      }
    }
    return m -> on[(int) m] ? burst : base;
  }

  /** A level drawn from {@code levels} every {@code hold} minutes. */
  private static DoubleUnaryOperator stepped(double[] levels, int hold, SplittableRandom rng) {
    double[] level = new double[MINUTES / hold + 1];
    for (int i = 0; i < level.length; i++) {
      level[i] = levels[rng.nextInt(levels.length)];
    }
    return m -> level[(int) m / hold];
  }

  /** {@code java -cp faasrl.jar faasrl.trace.SyntheticShopTrace FILE [SEED]}. */
  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]), args.length > 1 ? Long.parseLong(args[1]) : SEED);
  }
}
