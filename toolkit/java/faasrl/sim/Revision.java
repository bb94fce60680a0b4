package faasrl.sim;

import faasrl.cluster.ScalingConfig;
import faasrl.function.FunctionSpec;
import java.util.SplittableRandom;

/** A Knative revision: the pod template (spec and configuration) that a set of pods runs. */
final class Revision {
  final FunctionSpec spec;
  /** The configuration; changes only by an in-place resize or a change of replicas. */
  ScalingConfig config;
  /** Functions each request calls, in order, as engine function ids. */
  final int[] callees;
  final long coldStartNs;
  /** The overhead before the router, in ns: computed once, as every request pays it. */
  final long overheadNs;
  /** CPU and I/O time per request, in nanoseconds. */
  final Sampler cpu, io;

  /** {@code service}: the function's stream of service times, which its revisions draw from in turn. */
  Revision(FunctionSpec spec, ScalingConfig config, int[] callees, SplittableRandom service) {
    this.spec = spec;
    this.config = config;
    this.callees = callees;
    this.coldStartNs = spec.coldStart().toNanos();
    this.overheadNs = Math.round(spec.overheadMicros() * 1000);
    this.cpu = Sampler.of(spec.cpu(), service);
    this.io = Sampler.of(spec.io(), service);
  }

  /** Memory Kubernetes reserves for one pod: the limit if set (requests = limits), else the footprint. */
  long memoryRequestMiB() {
    return config.memoryMiB() > 0 ? config.memoryMiB() : spec.memoryMiB();
  }
}
