package faasrl.env;

import faasrl.cluster.ScalingConfig;

/**
 * Limits every configuration an environment applies: CPU floor and ceiling per replica, and the
 * replica range. The paper's vertical agent had a 20m floor; replicas stay at least 1.
 *
 * <pre>{@code
 * Bounds b = Bounds.of(20, 2000, 1, 10);
 * ScalingConfig c = b.clamp(ScalingConfig.defaults().cpuMillicores(5));   // -> 20m
 * }</pre>
 *
 * @param cpuFloor    lowest CPU limit, millicores
 * @param cpuCeiling  highest CPU limit, millicores
 * @param minReplicas fewest replicas (at least 1: the agent must observe something)
 * @param maxReplicas most replicas
 */
public record Bounds(int cpuFloor, int cpuCeiling, int minReplicas, int maxReplicas) {
  public Bounds {
    if (cpuFloor < 1 || cpuCeiling < cpuFloor || cpuCeiling > ScalingConfig.MAX_CPU_MILLICORES) {
      throw new IllegalArgumentException("cpu bounds must satisfy 1 <= floor <= ceiling <= "
          + ScalingConfig.MAX_CPU_MILLICORES + ", were " + cpuFloor + ".." + cpuCeiling);
    }
    if (minReplicas < 1 || maxReplicas < minReplicas || maxReplicas > ScalingConfig.MAX_REPLICAS) {
      throw new IllegalArgumentException("replica bounds must satisfy 1 <= min <= max <= "
          + ScalingConfig.MAX_REPLICAS + ", were " + minReplicas + ".." + maxReplicas);
    }
  }

  public static Bounds of(int cpuFloor, int cpuCeiling, int minReplicas, int maxReplicas) {
    return new Bounds(cpuFloor, cpuCeiling, minReplicas, maxReplicas);
  }

  /** {@code c} with CPU and replicas moved into range. */
  public ScalingConfig clamp(ScalingConfig c) {
    int cpu = Math.max(cpuFloor, Math.min(cpuCeiling, c.cpuMillicores()));
    int rep = Math.max(minReplicas, Math.min(maxReplicas, c.replicas()));
    return c.cpuMillicores(cpu).replicas(rep);
  }
}
