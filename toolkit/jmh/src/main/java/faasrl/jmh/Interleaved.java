package faasrl.jmh;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two builds of the simulator compared in one JVM, run by run: each faasrl jar gets a class loader
 * of its own, both are warmed up, then the {@code bench sim} scenario alternates between them
 * (A B, B A, ...), so that load from other processes falls on both alike. Prints the medians of
 * simulated requests per wall second and per CPU second of each, and B/A. On a busy machine the
 * CPU-second ratio is the steadier one.
 *
 * <pre>{@code
 * taskset -c 0 java -cp target/jmh/benchmarks.jar faasrl.jmh.Interleaved /tmp/sim-before.jar target/faasrl.jar 40
 * }</pre>
 */
public final class Interleaved {
  private Interleaved() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 4) {
      System.err.println("usage: Interleaved A.jar B.jar [rounds, default 40] [warm-up seconds, default 5]");
      System.exit(2);
    }
    int rounds = args.length > 2 ? positive(args[2], "rounds") : 40;
    int warmup = args.length > 3 ? positive(args[3], "warm-up seconds") : 5;
    Method[] run = {stepOf(args[0]), stepOf(args[1])};
    long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      run[0].invoke(null);
      run[1].invoke(null);
    }
    double[][] wall = new double[2][rounds];
    double[][] cpu = new double[2][rounds];
    long requests = 0;
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        int which = r % 2 == 0 ? k : 1 - k; // A B, then B A: neither always goes first
        long[] c = (long[]) run[which].invoke(null);
        requests = c[0];
        wall[which][r] = c[0] / (c[2] / 1e9);
        cpu[which][r] = c[0] / (c[3] / 1e9);
      }
    }
    System.out.printf("%d rounds, %d simulated requests per run, load average %s%n", rounds, requests,
        Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    System.out.printf("A %s: %.2f M/s wall, %.2f M/s CPU%n", args[0], median(wall[0]) / 1e6, median(cpu[0]) / 1e6);
    System.out.printf("B %s: %.2f M/s wall, %.2f M/s CPU%n", args[1], median(wall[1]) / 1e6, median(cpu[1]) / 1e6);
    System.out.printf("B/A: %.3f wall, %.3f CPU%n", median(wall[1]) / median(wall[0]), median(cpu[1]) / median(cpu[0]));
  }

  /**
   * The one-run method of {@code SimBenchmark} in a class loader of the jar's own: {requests, client
   * requests, wall ns, CPU ns}. It is private; reflection keeps this tool working on older jars.
   */
  private static Method stepOf(String jar) throws ReflectiveOperationException, MalformedURLException {
    if (!Files.isRegularFile(Path.of(jar))) {
      System.err.println("not a file: " + jar);
      System.exit(2);
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
        ClassLoader.getPlatformClassLoader());
    Method m = loader.loadClass("faasrl.sim.SimBenchmark").getDeclaredMethod("once");
    m.setAccessible(true);
    return m;
  }

  private static int positive(String s, String what) {
    try {
      int v = Integer.parseInt(s);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    System.err.println(what + " must be a positive whole number, was " + s);
    System.exit(2);
    return 0;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
