package faasrl.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import faasrl.cluster.NodeMetrics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The knative backend's node metrics against a real Prometheus scraping a real node_exporter on this
 * machine every second: the figures must match what /proc says over the same window.
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

  @Test void returnsThisMachinesCpuAndMemoryAsProcShowsThem() throws Exception {
    long[] before = procCpu();
    long[] netBefore = procNetBytes();
    Thread.sleep(4000);
    long[] after = procCpu();
    long[] netAfter = procNetBytes();
    double procIdle = fraction(before, after, 3);
    double procUser = fraction(before, after, 0) + fraction(before, after, 1); // user + nice, as node_exporter splits them
    Thread.sleep(1200); // let the last scrape of the window land

    NodeMetrics m = new PrometheusNodeMetrics("this-machine", prometheus.uri).over(Duration.ofSeconds(4));

    assertThat(m.node()).isEqualTo("this-machine");
    for (double f : new double[] {m.cpuIdle(), m.cpuUser(), m.cpuSystem(), m.memFree()}) {
      assertThat(f).isBetween(0.0, 1.0);
    }
    // each mode is its own rate() over scrapes that a busy machine takes late: the sum strays past 1
    assertThat(m.cpuIdle() + m.cpuUser() + m.cpuSystem()).isLessThanOrEqualTo(1.25);
    // the machine is shared, so load moves between the two windows: generous bounds
    assertThat(m.cpuIdle()).isCloseTo(procIdle, within(0.3));
    assertThat(m.cpuUser()).isCloseTo(procUser, within(0.3));
    assertThat(m.memFree()).isCloseTo(procMemAvailable(), within(0.05));
    double procRx = (netAfter[0] - netBefore[0]) * 8 / 4.0;
    double procTx = (netAfter[1] - netBefore[1]) * 8 / 4.0;
    assertThat(m.netRxBitsPerSecond()).isGreaterThanOrEqualTo(0).isCloseTo(procRx, within(Math.max(2e6, procRx)));
    assertThat(m.netTxBitsPerSecond()).isGreaterThanOrEqualTo(0).isCloseTo(procTx, within(Math.max(2e6, procTx)));
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

  private static double fraction(long[] a, long[] b, int field) {
    long total = 0;
    for (int i = 0; i < 8; i++) {
      total += b[i] - a[i];
    }
    return (double) (b[field] - a[field]) / total;
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
