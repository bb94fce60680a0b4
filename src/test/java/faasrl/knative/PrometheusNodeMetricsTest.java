package faasrl.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import faasrl.cluster.NodeMetrics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The knative backend's node metrics against a real Prometheus scraping a real node_exporter on this
 * machine every second: the figures must match what /proc says around the query.
 */
class PrometheusNodeMetricsTest {
  @TempDir static Path dir;
  static TestPrometheus prometheus;

  @BeforeAll static void start() throws Exception {
    prometheus = new TestPrometheus(dir.resolve("prom"));
    prometheus.awaitSamples(5);
  }

  @AfterAll static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test void queriesAreThePapersPromQlWithTheStepAsWindow() {
    assertThat(PrometheusNodeMetrics.query("user", 10)).isEqualTo("avg(rate(node_cpu_seconds_total{mode=\"user\"}[10s]))");
    assertThat(PrometheusNodeMetrics.query("rx", 5)).isEqualTo("sum(rate(node_network_receive_bytes_total[5s]))*8");
    assertThat(PrometheusNodeMetrics.query("idle", 1)).endsWith("[2s]))"); // rate needs two 1 s samples
    assertThat(PrometheusNodeMetrics.query("mem", 5)).isEqualTo("node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes");
  }

  /**
   * Prometheus's window ends when it is asked, its scrapes land late on a busy machine, and a window
   * with too few of them is widened: which stretch of time a figure covers is not known exactly. So
   * /proc is sampled every 100 ms around the query, and each figure must lie within what /proc shows
   * over some stretch of at least half a second in that time (with a small margin for the scrape's
   * own delay, 0.15: 0.1 missed by 0.0004 under stress-ng plus two JVMs training). That holds whatever
   * the load does, and still fails if a figure is the wrong mode, the wrong scale or the wrong node:
   * under a steady load the stretches all agree closely.
   */
  @Test void returnsThisMachinesCpuAndMemoryAsProcShowsThem() throws Exception {
    List<ProcSample> samples = new CopyOnWriteArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    NodeMetrics m;
    long[] netBefore = procNetBytes();
    long t0 = System.nanoTime();
    try {
      sampler.scheduleAtFixedRate(() -> samples.add(ProcSample.now()), 0, 100, TimeUnit.MILLISECONDS);
      Thread.sleep(9000); // covers the 4 s window widened once (8 s) should scrapes be late
      m = new PrometheusNodeMetrics("this-machine", prometheus.uri).over(Duration.ofSeconds(4));
      Thread.sleep(300); // a sample after the query's end
    } finally {
      sampler.shutdown();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
    }
    long[] netAfter = procNetBytes();
    double seconds = (System.nanoTime() - t0) / 1e9;

    assertThat(m.node()).isEqualTo("this-machine");
    for (double f : new double[] {m.cpuIdle(), m.cpuUser(), m.cpuSystem(), m.memFree()}) {
      assertThat(f).isBetween(0.0, 1.0);
    }
    // each mode is its own rate() over scrapes that a busy machine takes late: the sum strays past 1
    assertThat(m.cpuIdle() + m.cpuUser() + m.cpuSystem()).isLessThanOrEqualTo(1.25);
    assertThat(samples).hasSizeGreaterThan(20);
    assertWithinProc("idle", m.cpuIdle(), samples, s -> s.cpu[3], 0.15);
    assertWithinProc("user", m.cpuUser(), samples, s -> s.cpu[0] + s.cpu[1], 0.15); // user + nice, as node_exporter
    double memLow = samples.stream().mapToDouble(s -> s.memAvailable).min().orElseThrow();
    double memHigh = samples.stream().mapToDouble(s -> s.memAvailable).max().orElseThrow();
    assertThat(m.memFree()).as("MemAvailable/MemTotal, /proc between %.3f and %.3f", memLow, memHigh)
        .isBetween(memLow - 0.02, memHigh + 0.02);
    double procRx = (netAfter[0] - netBefore[0]) * 8 / seconds;
    double procTx = (netAfter[1] - netBefore[1]) * 8 / seconds;
    assertThat(m.netRxBitsPerSecond()).isGreaterThanOrEqualTo(0).isCloseTo(procRx, within(Math.max(2e6, procRx)));
    assertThat(m.netTxBitsPerSecond()).isGreaterThanOrEqualTo(0).isCloseTo(procTx, within(Math.max(2e6, procTx)));
  }

  /** {@code value} lies within {@code margin} of /proc's fraction of {@code mode} over some stretch >= 0.5 s. */
  private static void assertWithinProc(String mode, double value, List<ProcSample> samples,
      java.util.function.ToLongFunction<ProcSample> jiffies, double margin) {
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < samples.size(); i++) {
      for (int j = i + 1; j < samples.size(); j++) {
        ProcSample a = samples.get(i);
        ProcSample b = samples.get(j);
        long total = b.total() - a.total();
        if (b.nanos - a.nanos >= 500_000_000L && total > 0) {
          double f = (double) (jiffies.applyAsLong(b) - jiffies.applyAsLong(a)) / total;
          low = Math.min(low, f);
          high = Math.max(high, f);
        }
      }
    }
    System.out.printf("%s: Prometheus %.3f, /proc %.3f to %.3f%n", mode, value, low, high);
    assertThat(value).as("%s fraction from Prometheus; /proc over the stretches around the query: %.3f to %.3f",
        mode, low, high).isBetween(low - margin, high + margin);
  }

  /** One reading of /proc: when, the CPU jiffies and MemAvailable/MemTotal. */
  private record ProcSample(long nanos, long[] cpu, double memAvailable) {
    static ProcSample now() {
      try {
        return new ProcSample(System.nanoTime(), procCpu(), procMemAvailable());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    long total() {
      long t = 0;
      for (long v : cpu) {
        t += v;
      }
      return t;
    }
  }

  @Test void anUnreachablePrometheusIsOneClearError() {
    assertThatThrownBy(() -> new PrometheusNodeMetrics("node9", URI.create("http://127.0.0.1:1")).over(Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot query the Prometheus of node9");
  }

  /** user, nice, system, idle, iowait, irq, softirq, steal jiffies of all CPUs. */
  private static long[] procCpu() throws Exception {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long[] v = new long[8];
    for (int i = 0; i < 8; i++) {
      v[i] = Long.parseLong(f[i + 1]);
    }
    return v;
  }

  /** Received and transmitted bytes summed over all interfaces, as the paper's sum(rate(...)) counts them. */
  private static long[] procNetBytes() throws Exception {
    long rx = 0, tx = 0;
    for (String l : Files.readAllLines(Path.of("/proc/net/dev"))) {
      int colon = l.indexOf(':');
      if (colon > 0 && !l.contains("|")) {
        String[] f = l.substring(colon + 1).trim().split("\\s+");
        rx += Long.parseLong(f[0]);
        tx += Long.parseLong(f[8]);
      }
    }
    return new long[] {rx, tx};
  }

  private static double procMemAvailable() throws Exception {
    double total = 0, available = 0;
    for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
      String[] f = l.split("\\s+");
      if (f[0].equals("MemTotal:")) {
        total = Double.parseDouble(f[1]);
      } else if (f[0].equals("MemAvailable:")) {
        available = Double.parseDouble(f[1]);
      }
    }
    return available / total;
  }
}
