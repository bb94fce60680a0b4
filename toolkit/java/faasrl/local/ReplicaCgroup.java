package faasrl.local;

import java.nio.file.Path;
import java.util.List;

/** The CPU cgroup of one replica: its quota, its CPU use and how often CFS throttled it. */
public interface ReplicaCgroup {

  /** Sets the CPU limit: {@code millicores} of CPU time per 1000 ms, enforced per 100 ms period. */
  void limit(int millicores);

  /** The limit as the kernel holds it, e.g. {@code cpu.cfs_quota_us=25000} or {@code cpu.max=25000 100000}. */
  String limitSetting();

  /** CPU time used by the group's processes since it was made, nanoseconds. */
  long usageNanos();

  /** CFS periods elapsed with the group runnable. */
  long periods();

  /** Periods in which the group ran out of quota. */
  long throttledPeriods();

  /** The {@code cgroup.procs} files a process must join (one per hierarchy). */
  List<Path> procsFiles();

  /** Removes the group; its processes must have exited. */
  void delete();
}
