package faasrl.invoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A CPU core for the invoker's loop alone, polling (Linux, two cores or more, {@code taskset} on the
 * path): every other thread of this JVM, and any process started with {@link #othersPrefix}, runs on
 * the remaining cores, and the loop polls its connections and timers instead of sleeping
 * ({@link InvokerLoop#busyPoll}). On a small machine the kernel otherwise runs the server's and the
 * JVM's own threads on the loop's core, and a send waits behind them or for the idle core to wake:
 * on this 2-core virtual machine, against a no-op server at 1,000-20,000 RPS, the p99 send lag went
 * from 0.3-1.6 ms to 0.001-0.033 ms (three alternating rounds). For benchmarks: it keeps a core fully
 * busy, and a run that shares the machine with what it measures (the local backend) should leave
 * scheduling to the kernel. {@link #close} gives every thread back every core and stops the polling.
 *
 * <pre>{@code
 * try (LoopCore core = LoopCore.isolate().orElse(null)) {   // null where it cannot be done
 *   System.out.println(core);                              // invoker loop on CPU 1, the rest on 0
 *   Invoker.builder().endpoints("127.0.0.1:50051").rps(10_000).seconds(5).build().run();
 * }
 * }</pre>
 *
 * @param loopCpu   the CPU the loop runs on
 * @param otherCpus the CPUs everything else of this JVM runs on, as a {@code taskset} list ("0,2")
 * @param allCpus   the CPUs this process could use before, given back by {@link #close}
 */
public record LoopCore(int loopCpu, String otherCpus, String allCpus) implements AutoCloseable {
  private static final Path TASKSET = Path.of("/usr/bin/taskset");

  /**
   * Pins the loop to the last CPU this process may use and every other thread to the rest, and starts
   * the loop polling; empty (and nothing changed) where that cannot be done.
   */
  public static synchronized Optional<LoopCore> isolate() {
    List<Integer> cpus = allowedCpus();
    if (cpus.size() < 2 || !Files.isExecutable(TASKSET)) {
      return Optional.empty();
    }
    String loop;
    try {
      loop = loopThreadId();   // before anything changes, so that a failure leaves nothing half-pinned
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
    LoopCore core = new LoopCore(cpus.get(cpus.size() - 1), join(cpus.subList(0, cpus.size() - 1)), join(cpus));
    boolean pinned = taskset("-a", "-p", "-c", core.otherCpus, pid())
        && taskset("-p", "-c", Integer.toString(core.loopCpu), loop);
    if (!pinned) {
      taskset("-a", "-p", "-c", core.allCpus, pid());
      return Optional.empty();
    }
    InvokerLoop.busyPoll(true);
    return Optional.of(core);
  }

  /** A command prefix that starts a process on {@link #otherCpus} only. */
  public List<String> othersPrefix() {
    return List.of(TASKSET.toString(), "-c", otherCpus);
  }

  /** A command prefix that starts a process on the loop's CPU (a peer tool, once this is closed). */
  public List<String> loopPrefix() {
    return List.of(TASKSET.toString(), "-c", Integer.toString(loopCpu));
  }

  /** Stops the polling and lets every thread of this JVM run on every CPU it could before. */
  @Override public void close() {
    InvokerLoop.busyPoll(false);
    taskset("-a", "-p", "-c", allCpus, pid());
  }

  @Override public String toString() {
    return "invoker loop on CPU " + loopCpu + ", the rest on " + otherCpus;
  }

  private static String pid() {
    return Long.toString(ProcessHandle.current().pid());
  }

  /** The CPUs this process may run on ({@code Cpus_allowed_list} of /proc/self/status); empty if unknown. */
  static List<Integer> allowedCpus() {
    return allowedCpus("self");
  }

  /** The CPUs of /proc/{@code entry} ("self", "thread-self", "self/task/TID") may run on; empty if unknown. */
  static List<Integer> allowedCpus(String entry) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", entry, "status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return parseList(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or a format this does not know: leave scheduling alone
    }
    return List.of();
  }

  /** "0-2,5" as [0, 1, 2, 5]. */
  static List<Integer> parseList(String list) {
    List<Integer> cpus = new ArrayList<>();
    for (String part : list.split(",")) {
      String[] range = part.trim().split("-");
      int from = Integer.parseInt(range[0]), to = Integer.parseInt(range[range.length - 1]);
      for (int c = from; c <= to; c++) {
        cpus.add(c);
      }
    }
    return cpus;
  }

  private static String join(List<Integer> cpus) {
    return String.join(",", cpus.stream().map(String::valueOf).toList());
  }

  /** The loop thread's Linux thread id, read on the loop from /proc/thread-self ("PID/task/TID"). */
  static String loopThreadId() {
    try {
      return InvokerLoop.loop().submit(() -> Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName()
          .toString()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while finding the invoker loop's thread", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot find the invoker loop's thread: " + e.getCause(), e);
    }
  }

  private static boolean taskset(String... args) {
    List<String> cmd = new ArrayList<>(List.of(TASKSET.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
