package faasrl.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** cgroup v1: quota in the {@code cpu} hierarchy, usage from {@code cpuacct} (the same one if co-mounted). */
final class CgroupV1 implements CpuCgroups {
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private final Path cpuBase, acctBase;

  CgroupV1(Path cpuRoot, Path acctRoot, String instance) {
    CpuCgroups.removeStale(cpuRoot.resolve("faasrl"));
    CpuCgroups.removeStale(acctRoot.resolve("faasrl"));
    String id = ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet() + "-" + instance;
    cpuBase = cpuRoot.resolve("faasrl").resolve(id);
    acctBase = acctRoot.resolve("faasrl").resolve(id);
    mkdirs(cpuBase);
    mkdirs(acctBase);
  }

  @Override public ReplicaCgroup create(String name) {
    Path cpu = cpuBase.resolve(name), acct = acctBase.resolve(name);
    mkdirs(cpu);
    mkdirs(acct);
    CpuCgroups.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
    return new ReplicaCgroup() {
      @Override public void limit(int millicores) {
        CpuCgroups.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(millicores * PERIOD_MICROS / 1000));
      }

      @Override public String limitSetting() {
        return "cpu.cfs_quota_us=" + CpuCgroups.read(cpu.resolve("cpu.cfs_quota_us")) + " cpu.cfs_period_us="
            + CpuCgroups.read(cpu.resolve("cpu.cfs_period_us"));
      }

      @Override public long usageNanos() {
        return Long.parseLong(CpuCgroups.read(acct.resolve("cpuacct.usage")));
      }

      @Override public long periods() {
        return CpuCgroups.statValue(cpu.resolve("cpu.stat"), "nr_periods");
      }

      @Override public long throttledPeriods() {
        return CpuCgroups.statValue(cpu.resolve("cpu.stat"), "nr_throttled");
      }

      @Override public List<Path> procsFiles() {
        return cpu.equals(acct) ? List.of(cpu.resolve("cgroup.procs"))
            : List.of(cpu.resolve("cgroup.procs"), acct.resolve("cgroup.procs"));
      }

      @Override public void delete() {
        CpuCgroups.removeTree(cpu);
        if (!acct.equals(cpu)) {
          CpuCgroups.removeTree(acct);
        }
      }

      @Override public String toString() {
        return cpu.toString();
      }
    };
  }

  @Override public void close() {
    CpuCgroups.removeTree(cpuBase);
    CpuCgroups.removeIfUnused(cpuBase.getParent());
    if (!acctBase.equals(cpuBase)) {
      CpuCgroups.removeTree(acctBase);
      CpuCgroups.removeIfUnused(acctBase.getParent());
    }
  }

  @Override public String description() {
    return "cgroup v1 (" + cpuBase + ")";
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create cgroup " + dir + ": " + e.getMessage(), e);
    }
  }
}
