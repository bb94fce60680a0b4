package faasrl.sim;

import faasrl.cluster.ScalingConfig;
import faasrl.function.FunctionSpec;

/** A Knative revision: the pod template (spec and configuration) that a set of pods runs. */
final class Revision {
  final FunctionSpec spec;
  /** The configuration; changes only by an in-place resize or a change of replicas. */
  ScalingConfig config;
  /** Functions each request calls, in order, as engine function ids. */
  final int[] callees;
  final long coldStartNs;
  /** CPU and I/O time per request, in nanoseconds. */
  final Sampler cpu, io;

  Revision(FunctionSpec spec, ScalingConfig config, int[] callees) {
    this.spec = spec;
    this.config = config;
    this.callees = callees;
    this.coldStartNs = spec.coldStart().toNanos();
    this.cpu = Sampler.of(spec.cpu());
    this.io = Sampler.of(spec.io());
  }

  /** Memory Kubernetes reserves for one pod: the limit if set (requests = limits), else the footprint. */
  long memoryRequestMiB() {
    return config.memoryMiB() > 0 ? config.memoryMiB() : spec.memoryMiB();
  }
}
