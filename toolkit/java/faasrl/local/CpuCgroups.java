package faasrl.local;

import faasrl.cluster.ScalingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where replicas get their own CPU cgroup: cgroup v1 ({@code cpu} and {@code cpuacct} hierarchies,
 * {@code cpu.cfs_quota_us}) or v2 ({@code cpu.max}), whichever this machine lets us write. Each
 * backend instance works in {@code faasrl/<pid>-<n>/} below the controller roots; groups left by a
 * backend whose JVM died are removed (their processes killed) when the next one starts.
 *
 * <pre>{@code
 * CpuCgroups cgroups = CpuCgroups.detect(Path.of("/sys/fs/cgroup"), "demo");
 * ReplicaCgroup g = cgroups.create("adservice-1");
 * g.limit(250);                     // 250 millicores: 25 ms of CPU per 100 ms period
 * }</pre>
 */
public interface CpuCgroups {
  /** CFS period used for every replica, microseconds (Kubernetes' default). */
  long PERIOD_MICROS = ScalingConfig.CFS_PERIOD_MICROS;

  /** A new, empty cgroup for one replica. */
  ReplicaCgroup create(String name);

  /** Removes this backend's directories (after every replica group was deleted). */
  void close();

  /** {@code cgroup v1 (...)} or {@code cgroup v2 (...)}. */
  String description();

  /**
   * Detects a writable CPU controller below {@code root} (normally {@code /sys/fs/cgroup}): v1 at
   * {@code root/cpu} (with {@code root/cpuacct}), else v2 at {@code root} or {@code root/unified}.
   *
   * @throws IllegalStateException naming both places when neither can be written
   */
  static CpuCgroups detect(Path root, String instance) {
    Path v1 = root.resolve("cpu");
    if (Files.isRegularFile(v1.resolve("cpu.cfs_quota_us")) && Files.isWritable(v1)) {
      Path acct = root.resolve("cpuacct");
      return new CgroupV1(v1, Files.isRegularFile(acct.resolve("cpuacct.usage")) ? acct : v1, instance);
    }
    for (Path v2 : List.of(root, root.resolve("unified"))) {
      if (CgroupV2.offersCpu(v2) && Files.isWritable(v2)) {
        return new CgroupV2(v2, instance);
      }
    }
    throw new IllegalStateException("no writable CPU cgroup: the local backend needs cgroup v1's cpu "
        + "controller at " + v1 + " (cpu.cfs_quota_us) or cgroup v2 with the cpu controller (cpu.max) at "
        + root + " or " + root.resolve("unified") + ", writable by this user (run as root, or delegate "
        + "a cgroup to this user)");
  }

  /** Writes {@code value} to {@code file}, with an error naming the file. */
  static void write(Path file, String value) {
    try {
      Files.writeString(file, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a whole small file. */
  static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The value of {@code key} in a {@code key value} per line file such as cpu.stat; 0 if absent. */
  static long statValue(Path file, String key) {
    for (String line : read(file).split("\n")) {
      String[] kv = line.trim().split("\\s+");
      if (kv.length == 2 && kv[0].equals(key)) {
        return Long.parseLong(kv[1]);
      }
    }
    return 0;
  }

  /** Removes groups of backends whose JVM is gone: kills their processes, then removes the directories. */
  static void removeStale(Path faasrlDir) {
    if (!Files.isDirectory(faasrlDir)) {
      return;
    }
    try (Stream<Path> instances = Files.list(faasrlDir)) {
      for (Path inst : instances.filter(Files::isDirectory).toList()) {
        String pid = inst.getFileName().toString().split("-")[0];
        boolean alive = pid.chars().allMatch(Character::isDigit)
            && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
          removeTree(inst);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + faasrlDir + ": " + e.getMessage(), e);
    }
  }

  /** Removes the shared {@code faasrl} group unless another backend still uses it. */
  static void removeIfUnused(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // busy or not empty: another backend instance works below it
    }
  }

  /** Kills every process in the groups below {@code dir} and removes them, deepest first. */
  static void removeTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> dirs = all.filter(Files::isDirectory).sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .toList();
      for (Path d : dirs) {
        Path procs = d.resolve("cgroup.procs");
        if (Files.exists(procs)) {
          for (String pid : read(procs).split("\\s+")) {
            if (!pid.isEmpty()) {
              ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
              });
            }
          }
        }
        Files.deleteIfExists(d);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove cgroup " + dir + ": " + e.getMessage(), e);
    }
  }
}
