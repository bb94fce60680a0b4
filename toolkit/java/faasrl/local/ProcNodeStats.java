package faasrl.local;

import faasrl.cluster.NodeMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This machine's CPU, memory and network counters from {@code /proc}: a snapshot, and the
 * {@link NodeMetrics} between two snapshots.
 *
 * <pre>{@code
 * ProcNodeStats a = ProcNodeStats.read();
 * // ... run load ...
 * NodeMetrics m = a.until(ProcNodeStats.read(), "localhost");
 * }</pre>
 *
 * @param user      jiffies in user and nice mode (all CPUs)
 * @param system    jiffies in system, irq and softirq mode
 * @param idle      jiffies idle or waiting for I/O
 * @param other     steal and the rest
 * @param memFree   MemAvailable / MemTotal at the snapshot
 * @param rxBytes   bytes received on all interfaces (loopback included: local traffic is loopback)
 * @param txBytes   bytes sent on all interfaces
 * @param nanoTime  System.nanoTime at the snapshot
 */
public record ProcNodeStats(long user, long system, long idle, long other, double memFree, long rxBytes,
    long txBytes, long nanoTime) {

  /** Reads /proc/stat, /proc/meminfo and /proc/net/dev now. */
  public static ProcNodeStats read() {
    return read(Path.of("/proc"));
  }

  static ProcNodeStats read(Path proc) {
    try {
      String[] cpu = Files.readAllLines(proc.resolve("stat")).get(0).trim().split("\\s+");
      long[] v = new long[10];
      for (int i = 1; i < cpu.length && i <= 10; i++) {
        v[i - 1] = Long.parseLong(cpu[i]);
      }
      // user nice system idle iowait irq softirq steal guest guest_nice (guest is already in user)
      long user = v[0] + v[1], system = v[2] + v[5] + v[6], idle = v[3] + v[4], other = v[7];
      double total = 0, available = 0;
      for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
        String[] kv = line.split(":\\s+");
        if (kv[0].equals("MemTotal")) {
          total = Double.parseDouble(kv[1].replace(" kB", "").trim());
        } else if (kv[0].equals("MemAvailable")) {
          available = Double.parseDouble(kv[1].replace(" kB", "").trim());
        }
      }
      long rx = 0, tx = 0;
      List<String> net = Files.readAllLines(proc.resolve("net/dev"));
      for (String line : net.subList(Math.min(2, net.size()), net.size())) {
        String[] f = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        rx += Long.parseLong(f[0]);
        tx += Long.parseLong(f[8]);
      }
      return new ProcNodeStats(user, system, idle, other, total > 0 ? available / total : 1, rx, tx,
          System.nanoTime());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read node counters under " + proc + ": " + e.getMessage(), e);
    }
  }

  /** Total memory in MiB, from /proc/meminfo. */
  public static long memTotalMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/meminfo: " + e.getMessage(), e);
    }
  }

  /** Fractions of CPU time, memory at the later snapshot and network bit rates between the two. */
  public NodeMetrics until(ProcNodeStats later, String node) {
    double du = later.user - user, ds = later.system - system, di = later.idle - idle, dother = later.other - other;
    double total = Math.max(1, du + ds + di + dother);
    double seconds = Math.max(1e-9, (later.nanoTime - nanoTime) / 1e9);
    return new NodeMetrics(node, di / total, du / total, ds / total, later.memFree,
        (later.rxBytes - rxBytes) * 8 / seconds, (later.txBytes - txBytes) * 8 / seconds);
  }
}
