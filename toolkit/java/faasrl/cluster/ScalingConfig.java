package faasrl.cluster;

/**
 * How one function is provisioned: CPU limit per replica, replica count (Knative min-scale =
 * max-scale), containerConcurrency and memory limit. Immutable; change it with the withers.
 *
 * <pre>{@code
 * ScalingConfig c = ScalingConfig.defaults().cpuMillicores(250).replicas(2);
 * ScalingConfig wider = c.replicas(c.replicas() + 1);
 * }</pre>
 *
 * @param cpuMillicores        CPU limit (= request) of one replica, in millicores; at least 1
 * @param replicas             fixed number of replicas; 0 scales the function to zero
 * @param containerConcurrency requests one replica serves at once; 0 means unlimited (Knative's default)
 * @param memoryMiB            memory limit of one replica; 0 means none
 */
public record ScalingConfig(int cpuMillicores, int replicas, int containerConcurrency, int memoryMiB) {
  /** Most CPU a replica may be given, in millicores (a large node). */
  public static final int MAX_CPU_MILLICORES = 256_000;
  /** Most replicas a function may be given. */
  public static final int MAX_REPLICAS = 1000;
  /** Highest containerConcurrency: Knative's default container-concurrency-max-limit. */
  public static final int MAX_CONTAINER_CONCURRENCY = 1000;
  /**
   * The CFS period over which a CPU limit is enforced, in microseconds (Linux's and Kubernetes'
   * default {@code cpu.cfs_period_us}): a replica of {@code m} millicores may run {@code m / 1000}
   * of each period. The simulator, the local backend's cgroups and the agents all use it.
   */
  public static final long CFS_PERIOD_MICROS = 100_000;

  public ScalingConfig {
    if (cpuMillicores < 1 || cpuMillicores > MAX_CPU_MILLICORES) {
      throw new IllegalArgumentException("cpu limit must be 1.." + MAX_CPU_MILLICORES
          + " millicores, was " + cpuMillicores);
    }
    if (replicas < 0 || replicas > MAX_REPLICAS) {
      throw new IllegalArgumentException("replicas must be 0.." + MAX_REPLICAS + ", was " + replicas);
    }
    if (containerConcurrency < 0 || containerConcurrency > MAX_CONTAINER_CONCURRENCY) {
      throw new IllegalArgumentException("containerConcurrency must be 0.." + MAX_CONTAINER_CONCURRENCY
          + " (0 = unlimited), was " + containerConcurrency);
    }
    if (memoryMiB < 0) {
      throw new IllegalArgumentException("memory limit must be >= 0 MiB (0 = none), was " + memoryMiB);
    }
  }

  /** One replica, 1000m CPU, unlimited concurrency, no memory limit. */
  public static ScalingConfig defaults() {
    return new ScalingConfig(1000, 1, 0, 0);
  }

  public ScalingConfig cpuMillicores(int v) {
    return new ScalingConfig(v, replicas, containerConcurrency, memoryMiB);
  }

  public ScalingConfig replicas(int v) {
    return new ScalingConfig(cpuMillicores, v, containerConcurrency, memoryMiB);
  }

  public ScalingConfig containerConcurrency(int v) {
    return new ScalingConfig(cpuMillicores, replicas, v, memoryMiB);
  }

  public ScalingConfig memoryMiB(int v) {
    return new ScalingConfig(cpuMillicores, replicas, containerConcurrency, v);
  }

  /** CPU limit of one replica in cores. */
  public double cpuCores() {
    return cpuMillicores / 1000.0;
  }

  /** True when a change from this config to {@code next} changes the pod template (a new revision). */
  public boolean templateDiffers(ScalingConfig next) {
    return cpuMillicores != next.cpuMillicores || containerConcurrency != next.containerConcurrency
        || memoryMiB != next.memoryMiB;
  }

  @Override public String toString() {
    return cpuMillicores + "m x" + replicas + (containerConcurrency > 0 ? " cc=" + containerConcurrency : "")
        + (memoryMiB > 0 ? " mem=" + memoryMiB + "Mi" : "");
  }
}
