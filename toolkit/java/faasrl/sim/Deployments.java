package faasrl.sim;

import faasrl.cluster.ScalingConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pods' life cycle, as Kubernetes and Knative run it: revisions and their replicas, placement on
 * nodes (CPU and memory requests must fit; else pending), cold starts, the switch of traffic to a
 * new revision once all its pods are ready, draining and termination.
 */
final class Deployments {
  private final Engine engine;
  private final boolean inPlaceResize;
  private final ArrayDeque<Pod> unplaced = new ArrayDeque<>();

  Deployments(Engine engine, boolean inPlaceResize) {
    this.engine = engine;
    this.inPlaceResize = inPlaceResize;
  }

  /** A new function's first revision: it receives traffic at once (requests wait for its pods). */
  void firstRevision(FunctionState f, Revision rev) {
    f.active = rev;
    setReplicas(f, rev, rev.config.replicas());
  }

  /** Makes {@code rev} the function's next revision; it takes over when its pods are ready. */
  void rollOut(FunctionState f, Revision rev) {
    abandonNext(f);
    f.next = rev;
    setReplicas(f, rev, rev.config.replicas());
    promoteIfReady(f);
  }

  /** Applies a new configuration: replicas, an in-place resize, or a new revision. */
  void reconfigure(FunctionState f, ScalingConfig c) {
    f.asked = c;
    if (f.next != null && !f.next.config.templateDiffers(c)) {
      f.next.config = c;
      setReplicas(f, f.next, c.replicas());
      promoteIfReady(f);
      return;
    }
    Revision a = f.active;
    if (!a.config.templateDiffers(c)) {
      abandonNext(f);
      a.config = c;
      setReplicas(f, a, c.replicas());
      engine.flushBuffer(f);
    } else if (inPlaceResize) {
      abandonNext(f);
      resizeInPlace(f, a, c);
      setReplicas(f, a, c.replicas());
      engine.flushBuffer(f);
    } else {
      rollOut(f, new Revision(a.spec, c, a.callees, f.service));
    }
  }

  private void resizeInPlace(FunctionState f, Revision a, ScalingConfig c) {
    int oldCpu = a.config.cpuMillicores();
    long oldMem = a.memoryRequestMiB();
    a.config = c;
    for (Pod p : f.pods) {
      if (p.rev != a || p.phase == Pod.Phase.PENDING) {
        continue; // a pending pod takes the new size when it is placed
      }
      p.node.cpuRequestedMillis += c.cpuMillicores() - oldCpu;
      p.node.memoryRequestedMiB += a.memoryRequestMiB() - oldMem;
      f.changeLimit((c.cpuMillicores() - oldCpu) / 1000.0, engine.now);
      p.resize(c.cpuMillicores(), engine.now);
      engine.reschedule(p);
    }
  }

  private void abandonNext(FunctionState f) {
    if (f.next == null) {
      return;
    }
    Revision n = f.next;
    f.next = null;
    for (Pod p : new ArrayList<>(f.pods)) {
      if (p.rev == n) {
        drain(p);
      }
    }
  }

  private void setReplicas(FunctionState f, Revision rev, int replicas) {
    List<Pod> mine = new ArrayList<>();
    for (Pod p : f.pods) {
      if (p.rev == rev && !p.draining) {
        mine.add(p);
      }
    }
    for (int i = mine.size(); i < replicas; i++) {
      Pod p = new Pod(engine.pods.size(), f, rev);
      engine.pods.add(p);
      f.pods.add(p);
      if (!place(p)) {
        unplaced.add(p);
      }
    }
    if (mine.size() > replicas) {
      // stop the pods that serve least: not yet placed, then starting, then fewest in flight
      mine.sort(Comparator.comparingInt((Pod p) -> p.phase.ordinal()).thenComparingInt(p -> p.inflight));
      for (Pod p : mine.subList(0, mine.size() - replicas)) {
        drain(p);
      }
    }
  }

  private boolean place(Pod p) {
    int cpu = p.rev.config.cpuMillicores();
    long mem = p.rev.memoryRequestMiB();
    SimNode best = null;
    for (SimNode n : engine.nodes) {
      if (n.fits(cpu, mem) && (best == null || n.cpuRequestedMillis < best.cpuRequestedMillis)) {
        best = n;
      }
    }
    if (best == null) {
      return false;
    }
    p.node = best;
    p.quotaNs = Pod.quotaOf(cpu); // an in-place resize may have changed it while pending
    best.pods.add(p);
    best.cpuRequestedMillis += cpu;
    best.memoryRequestedMiB += mem;
    best.memoryUsedMiB += p.rev.spec.memoryMiB();
    p.phase = Pod.Phase.STARTING;
    p.readyAt = engine.now + p.rev.coldStartNs;
    p.fn.changeLimit(cpu / 1000.0, engine.now);
    engine.events.push(p.readyAt, EventQueue.event(Engine.READY, p.id));
    return true;
  }

  private void placeUnplaced() {
    for (int i = unplaced.size(); i > 0; i--) {
      Pod p = unplaced.poll();
      if (p.phase == Pod.Phase.PENDING && !place(p)) {
        unplaced.add(p);
      }
    }
  }

  void ready(Pod p) {
    if (p.phase != Pod.Phase.STARTING || p.readyAt != engine.now) {
      return;
    }
    p.ready(engine.now);
    FunctionState f = p.fn;
    f.stats.coldStarts++;
    if (p.rev == f.next) {
      promoteIfReady(f);
    } else if (p.rev == f.active && !f.buffer.isEmpty()) {
      // 1 ns later, once every pod that becomes ready now is, so that the buffer spreads over them
      engine.events.push(engine.now + 1, EventQueue.event(Engine.FLUSH, f.id));
    }
  }

  private void promoteIfReady(FunctionState f) {
    Revision n = f.next;
    if (n == null) {
      return;
    }
    int ready = 0;
    for (Pod p : f.pods) {
      if (p.rev == n && p.phase == Pod.Phase.READY && !p.draining) {
        ready++;
      }
    }
    if (ready < n.config.replicas()) {
      return;
    }
    Revision old = f.active;
    f.active = n;
    f.next = null;
    for (Pod p : new ArrayList<>(f.pods)) {
      if (p.rev == old) {
        drain(p);
      }
    }
    engine.flushBuffer(f);
  }

  /** Stops routing to a pod; it ends once its requests are done. Unready pods end at once. */
  private void drain(Pod p) {
    if (p.phase == Pod.Phase.PENDING || p.phase == Pod.Phase.STARTING) {
      terminate(p);
      return;
    }
    p.draining = true;
    if (p.inflight == 0 && p.queue.isEmpty()) {
      terminate(p);
    }
  }

  void terminate(Pod p) {
    if (p.phase == Pod.Phase.TERMINATED) {
      return;
    }
    boolean wasPlaced = p.node != null && p.phase != Pod.Phase.PENDING;
    p.phase = Pod.Phase.TERMINATED;
    p.nextEvent = Pod.NONE;
    p.fn.pods.remove(p);
    engine.pods.set(p.id, null); // ids stay unique; stale events for it are skipped
    if (wasPlaced) {
      SimNode n = p.node;
      n.pods.remove(p);
      n.cpuRequestedMillis -= p.rev.config.cpuMillicores();
      n.memoryRequestedMiB -= p.rev.memoryRequestMiB();
      n.memoryUsedMiB -= p.rev.spec.memoryMiB();
      p.fn.changeLimit(-p.rev.config.cpuMillicores() / 1000.0, engine.now);
      placeUnplaced();
    }
  }


  /** The time all placed pods are ready, or -1 if none is starting. */
  long lastReadyAt() {
    long t = -1;
    for (SimNode n : engine.nodes) {
      for (Pod p : n.pods) {
        if (p.phase == Pod.Phase.STARTING) {
          t = Math.max(t, p.readyAt);
        }
      }
    }
    return t;
  }

  /** Pods that no node can take now. */
  int unplacedCount() {
    int n = 0;
    for (Pod p : unplaced) {
      if (p.phase == Pod.Phase.PENDING) {
        n++;
      }
    }
    return n;
  }

  /** Ready pods of the revision that receives traffic. */
  int readyReplicas(FunctionState f) {
    int n = 0;
    for (Pod p : f.pods) {
      if (p.routable()) {
        n++;
      }
    }
    return n;
  }
}
