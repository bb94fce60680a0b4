package faasrl.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** cgroup v2: {@code cpu.max} for the quota, {@code cpu.stat} for usage and throttling. */
final class CgroupV2 implements CpuCgroups {
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private final Path base;

  CgroupV2(Path root, String instance) {
    Path faasrl = root.resolve("faasrl");
    CpuCgroups.removeStale(faasrl);
    base = faasrl.resolve(ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet() + "-" + instance);
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create cgroup " + base + ": " + e.getMessage(), e);
    }
    // the cpu controller must be enabled for the children of every level down to the replicas
    CpuCgroups.write(root.resolve("cgroup.subtree_control"), "+cpu");
    CpuCgroups.write(faasrl.resolve("cgroup.subtree_control"), "+cpu");
    CpuCgroups.write(base.resolve("cgroup.subtree_control"), "+cpu");
  }

  static boolean offersCpu(Path dir) {
    Path controllers = dir.resolve("cgroup.controllers");
    return Files.isRegularFile(controllers)
        && Arrays.asList(CpuCgroups.read(controllers).split("\\s+")).contains("cpu");
  }

  @Override public ReplicaCgroup create(String name) {
    Path g = base.resolve(name);
    try {
      Files.createDirectories(g);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create cgroup " + g + ": " + e.getMessage(), e);
    }
    return new ReplicaCgroup() {
      @Override public void limit(int millicores) {
        CpuCgroups.write(g.resolve("cpu.max"), millicores * PERIOD_MICROS / 1000 + " " + PERIOD_MICROS);
      }

      @Override public String limitSetting() {
        return "cpu.max=" + CpuCgroups.read(g.resolve("cpu.max"));
      }

      @Override public long usageNanos() {
        return CpuCgroups.statValue(g.resolve("cpu.stat"), "usage_usec") * 1000;
      }

      @Override public long periods() {
        return CpuCgroups.statValue(g.resolve("cpu.stat"), "nr_periods");
      }

      @Override public long throttledPeriods() {
        return CpuCgroups.statValue(g.resolve("cpu.stat"), "nr_throttled");
      }

      @Override public List<Path> procsFiles() {
        return List.of(g.resolve("cgroup.procs"));
      }

      @Override public void delete() {
        CpuCgroups.removeTree(g);
      }

      @Override public String toString() {
        return g.toString();
      }
    };
  }

  @Override public void close() {
    CpuCgroups.removeTree(base);
    CpuCgroups.removeIfUnused(base.getParent());
  }

  @Override public String description() {
    return "cgroup v2 (" + base + ")";
  }
}
