package faasrl.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import faasrl.cluster.ScalingConfig;

/** A deployed function: its revisions, pods, activator buffer, random streams and step counters. */
final class FunctionState {
  final String name;
  final int id;
  /** The revision that receives traffic. */
  Revision active;
  /** A new revision whose pods are still cold-starting; it takes over once they are all ready. */
  Revision next;
  ScalingConfig asked;
  /** Pods of every revision that are not terminated. */
  final List<Pod> pods = new ArrayList<>();
  /** The activator's buffer: requests waiting until some pod has capacity. */
  final IntQueue buffer = new IntQueue();
  int roundRobin;
  final SplittableRandom arrivals;
  final SplittableRandom service;
  final StepStats stats = new StepStats();
  /** Sum of the CPU limits of placed pods, in cores, and since when. */
  double limitCores;
  long limitSince;

  FunctionState(String name, int id, long seed) {
    this.name = name;
    this.id = id;
    long h = seed * 0x9E3779B97F4A7C15L + name.hashCode();
    this.arrivals = new SplittableRandom(h);
    this.service = new SplittableRandom(h ^ 0x5DEECE66DL);
  }

  /** The pod's overhead before its router, in ns, for the active spec. */
  long overheadNs() {
    return active.overheadNs;
  }

  /** Accumulates the limit integral up to {@code t} and applies a change of {@code deltaCores}. */
  void changeLimit(double deltaCores, long t) {
    stats.limitCoreNanos += limitCores * (t - limitSince);
    limitSince = t;
    limitCores += deltaCores;
  }
}
