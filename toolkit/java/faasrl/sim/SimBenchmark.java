package faasrl.sim;

import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.Catalog;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The simulator's speed on a fixed scenario: the nine online-shop functions on 4 workers, each
 * function asked 1000 RPS (Poisson) for 10 simulated seconds, 2 replicas of 1000m each. A
 * simulated request is one request served by a function's pods: a client request or a downstream
 * call (checkout makes six, recommendation one), each routed, queued and run on CPU by itself.
 *
 * <pre>{@code
 * SimBenchmark.Result r = SimBenchmark.run(3.0, 20, System.out::println);
 * System.out.println(r.requestsPerSecond());
 * }</pre>
 */
public final class SimBenchmark {
  /** Simulated seconds per run. */
  public static final double SECONDS = 10;
  /** Asked RPS of each function. */
  public static final double RPS = 1000;
  public static final int WORKERS = 4;
  public static final ScalingConfig CONFIG = ScalingConfig.defaults().replicas(2);

  private SimBenchmark() {}

  /**
   * What was measured: the median over runs of simulated requests (client and downstream) per
   * wall-clock second of {@link Cluster#run}, the same for client requests only, and per second of
   * the thread's CPU time (less disturbed when other processes share the core).
   */
  public record Result(int runs, long requestsPerRun, long clientRequestsPerRun, double requestsPerSecond,
      double clientRequestsPerSecond, double requestsPerCpuSecond, double medianRunMillis) {}

  /**
   * Warms the JIT up for at least {@code warmupSeconds} of wall time, then measures {@code runs}
   * runs; {@code progress} gets one line per measured run.
   */
  public static Result run(double warmupSeconds, int runs, Consumer<String> progress) {
    checkArguments(warmupSeconds, runs);
    long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    for (int i = 0; i < 5 || System.nanoTime() < warmEnd; i++) {
      once();
    }
    double[] nanos = new double[runs];
    double[] cpuNanos = new double[runs];
    long[] counts = null;
    for (int i = 0; i < runs; i++) {
      long[] c = once();
      nanos[i] = c[2];
      cpuNanos[i] = c[3];
      counts = c;
      progress.accept(String.format("run %d: %d requests (%d from clients) in %.1f ms", i + 1, c[0], c[1],
          c[2] / 1e6));
    }
    double median = median(nanos);
    return new Result(runs, counts[0], counts[1], counts[0] / (median / 1e9), counts[1] / (median / 1e9),
        counts[0] / (median(cpuNanos) / 1e9), median / 1e6);
  }

  /** Throws what {@link #run} would for these arguments, before anything runs. */
  public static void checkArguments(double warmupSeconds, int runs) {
    if (runs < 1 || runs > 10_000) {
      throw new IllegalArgumentException("runs must be 1..10000, was " + runs);
    }
    if (!(warmupSeconds >= 0) || warmupSeconds > 3600) {
      throw new IllegalArgumentException("warm-up must be 0..3600 seconds, was " + warmupSeconds);
    }
  }

  private static double median(double[] v) {
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** One run: {requests, client requests, wall nanoseconds, thread CPU nanoseconds}. */
  private static long[] once() {
    Catalog shop = Catalog.onlineShop();
    try (SimulatedCluster c = SimulatedCluster.builder().workers(WORKERS).seed(1).start()) {
      c.deploy(shop, CONFIG).awaitReady();
      Load load = Load.of(shop.names(), LoadPattern.poisson(RPS)).seconds(SECONDS);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      StepResult r = c.run(load);
      long wall = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      long all = 0;
      for (FunctionMetrics m : r.functions().values()) {
        all += m.issued();
      }
      return new long[] {all, c.clientRequests(), wall, cpu};
    }
  }
}
