package faasrl.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker node: cores shared by the pods placed on it, memory, and what Kubernetes has reserved
 * on it (CPU requests = limits, memory requests). When more requests want to run than the node has
 * cores, every running request slows down by the same factor ({@link #rate}).
 */
final class SimNode {
  /** Memory the OS, kubelet, containerd and Knative's per-node pods hold (an assumption). */
  static final long SYSTEM_MEMORY_MIB = 2048;

  final String name;
  final double cores;
  final long memoryMiB;
  final List<Pod> pods = new ArrayList<>();
  private final Engine engine;

  long cpuRequestedMillis;
  long memoryRequestedMiB;
  long memoryUsedMiB;
  /** Requests in the CPU phase of unthrottled pods. */
  int runnable;
  /** Speed of each running request, in cores: 1 unless the node is oversubscribed. */
  double rate = 1;

  /** User CPU spent by pods during the current step, in core-nanoseconds. */
  double userNanos;
  /** Requests that entered a pod here during the current step (kernel and network cost). */
  long requests;

  SimNode(String name, double cores, long memoryMiB, Engine engine) {
    this.name = name;
    this.cores = cores;
    this.memoryMiB = memoryMiB;
    this.engine = engine;
  }

  boolean fits(int cpuMillis, long memMiB) {
    return cpuRequestedMillis + cpuMillis <= Math.round(cores * 1000)
        && memoryRequestedMiB + memMiB <= memoryMiB - SYSTEM_MEMORY_MIB;
  }

  /** {@code delta} more (or fewer) requests want a core from {@code t} on. */
  void changeRunnable(int delta, long t) {
    int was = runnable;
    runnable += delta;
    if (was <= cores && runnable <= cores) {
      return; // not oversubscribed before or after: every request keeps a core
    }
    for (Pod p : pods) {
      p.advance(t);
    }
    rate = runnable > cores ? cores / runnable : 1;
    for (Pod p : pods) {
      engine.reschedule(p);
    }
  }

  double memFree() {
    return Math.max(0, 1 - (double) (memoryUsedMiB + SYSTEM_MEMORY_MIB) / memoryMiB);
  }
}
