package faasrl.cluster;

/**
 * What one worker node (or the mean over workers) did during a step, as the paper's Table 1 and
 * node_exporter report it. CPU figures are fractions of the node's CPU time, summing to about 1.
 *
 * @param node       node name, or {@code "all"} for the mean over workers
 * @param cpuIdle    fraction of CPU time idle
 * @param cpuUser    fraction of CPU time in user mode (function work)
 * @param cpuSystem  fraction of CPU time in the kernel (network stack, scheduling)
 * @param memFree    available memory / total memory
 * @param netRxBitsPerSecond  received bits per second
 * @param netTxBitsPerSecond  transmitted bits per second
 */
public record NodeMetrics(String node, double cpuIdle, double cpuUser, double cpuSystem, double memFree,
    double netRxBitsPerSecond, double netTxBitsPerSecond) {

  /** The mean over several nodes, named {@code "all"}. */
  public static NodeMetrics mean(java.util.List<NodeMetrics> nodes) {
    if (nodes.isEmpty()) {
      return new NodeMetrics("all", 1, 0, 0, 1, 0, 0);
    }
    double i = 0, u = 0, s = 0, m = 0, rx = 0, tx = 0;
    for (NodeMetrics n : nodes) {
      i += n.cpuIdle;
      u += n.cpuUser;
      s += n.cpuSystem;
      m += n.memFree;
      rx += n.netRxBitsPerSecond;
      tx += n.netTxBitsPerSecond;
    }
    int k = nodes.size();
    return new NodeMetrics("all", i / k, u / k, s / k, m / k, rx / k, tx / k);
  }
}
