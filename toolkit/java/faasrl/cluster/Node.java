package faasrl.cluster;

/**
 * A worker node of a cluster.
 *
 * @param name      node name
 * @param cores     CPU cores (hardware threads) it offers to pods
 * @param memoryMiB memory it offers to pods
 */
public record Node(String name, double cores, long memoryMiB) {}
