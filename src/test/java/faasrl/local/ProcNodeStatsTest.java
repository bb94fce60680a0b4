package faasrl.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import faasrl.cluster.NodeMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node figures from /proc counters: parsing and the deltas between two snapshots. */
class ProcNodeStatsTest {

  private static void writeProc(Path proc, long user, long system, long idle, long rx, long tx, long available)
      throws Exception {
    Files.createDirectories(proc.resolve("net"));
    Files.writeString(proc.resolve("stat"), "cpu  " + user + " 0 " + system + " " + idle + " 0 0 0 0 0 0\n"
        + "cpu0 1 2 3 4 5 6 7 8 9 10\n");
    Files.writeString(proc.resolve("meminfo"), "MemTotal:       1000 kB\nMemFree:  10 kB\nMemAvailable:   " + available
        + " kB\n");
    Files.writeString(proc.resolve("net/dev"), "Inter-|   Receive |  Transmit\n face |bytes packets|bytes\n"
        + "    lo: " + rx + " 10 0 0 0 0 0 0 " + tx + " 10 0 0 0 0 0 0\n"
        + "  eth0: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
  }

  @Test
  void fractionsOfCpuTimeMemoryAndBitRatesBetweenTwoSnapshots(@TempDir Path proc) throws Exception {
    writeProc(proc, 100, 50, 850, 1_000, 2_000, 900);
    ProcNodeStats a = ProcNodeStats.read(proc);
    writeProc(proc, 160, 70, 870, 11_000, 4_000, 250);
    ProcNodeStats b = ProcNodeStats.read(proc);
    b = new ProcNodeStats(b.user(), b.system(), b.idle(), b.other(), b.memFree(), b.rxBytes(), b.txBytes(),
        a.nanoTime() + 2_000_000_000L);
    NodeMetrics m = a.until(b, "n1");
    assertThat(m.cpuUser()).isCloseTo(0.6, within(1e-9));
    assertThat(m.cpuSystem()).isCloseTo(0.2, within(1e-9));
    assertThat(m.cpuIdle()).isCloseTo(0.2, within(1e-9));
    assertThat(m.memFree()).isCloseTo(0.25, within(1e-9));
    assertThat(m.netRxBitsPerSecond()).isCloseTo(10_000 * 8 / 2.0, within(1e-6));
    assertThat(m.netTxBitsPerSecond()).isCloseTo(2_000 * 8 / 2.0, within(1e-6));
  }

  @Test
  void readsThisMachine() {
    ProcNodeStats s = ProcNodeStats.read();
    assertThat(s.user() + s.system() + s.idle()).isPositive();
    assertThat(s.memFree()).isBetween(0.0, 1.0);
    assertThat(ProcNodeStats.memTotalMiB()).isGreaterThan(100);
  }
}
