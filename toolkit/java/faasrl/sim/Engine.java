package faasrl.sim;

import faasrl.cluster.LoadPattern;
import java.util.ArrayList;
import java.util.List;

/**
 * The discrete-event core: one clock, one heap of events, request slots in primitive arrays, and
 * the life of a request from its arrival through routing, queueing, CPU (see {@link Pod}), I/O and
 * downstream calls to its reply. Not thread-safe; {@link SimulatedCluster} is its only user.
 */
final class Engine {
  static final int POD = 0, TIMER = 1, READY = 2, DEADLINE = 3, FLUSH = 4, TICK = 5;
  /**
   * Kernel CPU per request on the node that serves it: receiving and sending through the network
   * stack, veth and iptables for the client hop and the queue-proxy hop (an assumption in the range
   * that small-RPC kernel profiles show, 10-40 us). Reported as system time; it does not delay requests.
   */
  static final long SYSTEM_NS_PER_REQUEST = 25_000;
  /** Bytes on the wire per request, each way (a small gRPC message with HTTP/2 headers). */
  static final long BYTES_PER_REQUEST = 600;
  /** Requests the activator holds per function before answering 503. */
  static final int ACTIVATOR_CAPACITY = 10_000;
  /** Knative's queue-proxy queue depth: 10 x containerConcurrency. */
  static final int QUEUE_DEPTH_PER_SLOT = 10;
  /**
   * Requests a pod with containerConcurrency 0 ("unlimited") takes at once; more wait in the
   * activator buffer and, once that is full too, get 503. Knative sets no such bound (the
   * container's own limits do), but without one an overloaded simulated pod holds every request
   * ever sent to it and the simulator's memory grows without limit. Ten times Knative's largest
   * containerConcurrency (its container-concurrency-max-limit, 1000): far above what a pod serves
   * within any deadline.
   */
  static final int UNLIMITED_POD_CAPACITY = 10_000;

  final EventQueue events = new EventQueue();
  final Requests req = new Requests();
  final List<SimNode> nodes = new ArrayList<>();
  final List<FunctionState> functions = new ArrayList<>();
  /** Pods by id; null once terminated. */
  final List<Pod> pods = new ArrayList<>();
  private final List<DeadlineWatch> watches = new ArrayList<>();
  /** Callbacks of TICK events, by id: controllers that act inside a step (see SimulatedCluster.every). */
  final List<Runnable> tickers = new ArrayList<>();
  final Routing routing;
  final Deployments deployments;
  private final long seed;

  long now;
  int step;
  /** Client (root) requests issued since the engine started. */
  long clientRequests;
  private long stepEnd;
  private DeadlineWatch watch;
  /**
   * This step's client arrivals, kept out of the event heap: a few streams whose earliest arrival
   * is found by a scan, where a heap would take a push and a pop per request.
   */
  private Stream[] streams = new Stream[0];
  /** The stream whose arrival comes first, and when it reaches the cluster (MAX_VALUE: none). */
  private int firstStream;
  private long firstArrival = Long.MAX_VALUE;

  /** One function's arrivals during one step. */
  private static final class Stream {
    final FunctionState fn;
    final LoadPattern pattern;
    final double offsetS;
    final long startNs;
    double t;
    long sent;
    /** When the request sent at {@code sent} reaches the cluster; MAX_VALUE once the step has no more. */
    long arrives;

    Stream(FunctionState fn, LoadPattern pattern, double offsetS, long startNs) {
      this.fn = fn;
      this.pattern = pattern;
      this.offsetS = offsetS;
      this.startNs = startNs;
      this.t = offsetS;
      next();
    }

    void next() {
      t = pattern.nextArrival(t, fn.arrivals);
      double ns = (t - offsetS) * 1e9;
      sent = ns >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE : startNs + Math.round(ns);
    }
  }

  Engine(Routing routing, boolean inPlaceResize, long seed) {
    this.routing = routing;
    this.deployments = new Deployments(this, inPlaceResize);
    this.seed = seed;
  }

  // ---------------------------------------------------------------- steps

  /** Starts a step: counters reset, arrivals of each (function, pattern) from {@code offsetS}. */
  void beginStep(List<FunctionState> loaded, List<LoadPattern> patterns, double offsetS, long lengthNs,
      long deadlineNs, boolean recordLatencies) {
    step++;
    stepEnd = now + lengthNs;
    for (FunctionState f : functions) {
      f.stats.reset(recordLatencies);
      f.limitSince = now;
    }
    for (SimNode n : nodes) {
      n.userNanos = 0;
      n.requests = 0;
    }
    watch = watchFor(deadlineNs);
    streams = new Stream[loaded.size()];
    for (int i = 0; i < streams.length; i++) {
      Stream st = new Stream(loaded.get(i), patterns.get(i), offsetS, now);
      streams[i] = st;
      scheduleArrival(st);
    }
    findFirstArrival();
  }

  /** When the stream's next request reaches the cluster: sent, plus the client's overhead. */
  private void scheduleArrival(Stream st) {
    st.arrives = st.sent < stepEnd ? st.sent + st.fn.overheadNs() : Long.MAX_VALUE;
  }

  private void findFirstArrival() {
    long first = Long.MAX_VALUE;
    for (int i = 0; i < streams.length; i++) {
      if (streams[i].arrives < first) {
        first = streams[i].arrives;
        firstStream = i;
      }
    }
    firstArrival = first;
  }

  /** Runs events up to the step's end; requests issued but not yet routed stay in flight. */
  void finishStep() {
    runUntil(stepEnd);
    for (Stream st : streams) {
      while (st.sent < stepEnd) { // issued before the end, still on the wire at the end
        int s = newRoot(st.fn, st.sent);
        req.state[s] = Requests.ROUTING;
        timer(s, st.sent + st.fn.overheadNs());
        st.next();
      }
    }
    streams = new Stream[0];
    firstArrival = Long.MAX_VALUE;
    for (SimNode n : nodes) {
      for (Pod p : n.pods) {
        p.advance(now);
      }
    }
    for (FunctionState f : functions) {
      f.changeLimit(0, now);
    }
  }

  /** Processes every event before {@code end}, then sets the clock to {@code end}. */
  void runUntil(long end) {
    run(end, false);
  }

  /** Processes every event at or before {@code end}, then sets the clock to {@code end}. */
  void runThrough(long end) {
    run(end, true);
  }

  private void run(long end, boolean inclusive) {
    EventQueue q = events;
    while (true) {
      long t = q.isEmpty() ? Long.MAX_VALUE : q.peekTime();
      boolean isArrival = firstArrival < t;   // a tie goes to the heap's event
      if (isArrival) {
        t = firstArrival;
      }
      if (!(t < end || inclusive && t == end) || t == Long.MAX_VALUE) {
        break;
      }
      now = t;
      if (isArrival) {
        arrival(streams[firstStream]);
        continue;
      }
      int w = q.peekWhat();
      q.pop();
      int id = EventQueue.id(w);
      switch (EventQueue.kind(w)) {
        case POD -> {
          Pod p = pods.get(id);
          if (p != null && p.nextEvent == t && p.phase == Pod.Phase.READY) {
            firePod(p);
          }
        }
        case TIMER -> timerFired(id);
        case READY -> {
          Pod p = pods.get(id);
          if (p != null) {
            deployments.ready(p);
          }
        }
        case DEADLINE -> fireDeadline(watches.get(id));
        case FLUSH -> flushBuffer(functions.get(id));
        case TICK -> tickers.get(id).run();
        default -> throw new IllegalStateException("unknown event kind " + EventQueue.kind(w));
      }
    }
    now = Math.max(now, end);
  }

  /** In-flight requests per function issued in the current step (not failed, not answered). */
  long[] inFlightByFunction() {
    long[] out = new long[functions.size()];
    for (int s = 0; s < req.highWater; s++) {
      if (req.state[s] != Requests.FREE && req.step[s] == step && !req.failed[s]) {
        out[req.fn[s]]++;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- arrivals and routing

  private void arrival(Stream st) {
    int s = newRoot(st.fn, st.sent);
    route(s, st.fn);
    st.next();
    scheduleArrival(st);
    findFirstArrival();
  }

  private int newRoot(FunctionState f, long sent) {
    int s = req.alloc();
    req.fn[s] = f.id;
    req.step[s] = step;
    req.sent[s] = sent;
    req.deadline[s] = sent + watch.lengthNs;
    f.stats.issued++;
    clientRequests++;
    // Answered requests leave the watch here rather than at its deadline event, so that it holds
    // about what is in flight instead of a whole deadline's worth of requests
    while (!watch.isEmpty() && req.resolve(watch.peek()) < 0) {
      watch.poll();
    }
    watch.add(req.ref(s));
    if (!watch.scheduled) {
      watch.scheduled = true; // a deadline shorter than the overhead has passed already: now
      events.push(Math.max(req.deadline[s], now), EventQueue.event(DEADLINE, watch.id));
    }
    return s;
  }

  /** Routes request {@code s} of function {@code f}. */
  private void route(int s, FunctionState f) {
    int cc = f.active.config.containerConcurrency();
    Pod p = routing == Routing.ROUND_ROBIN ? nextInTurn(f) : leastLoaded(f, cc);
    if (p == null) {
      toBuffer(f, s);
    } else if (p.inflight < capacity(cc)) {
      start(p, s);
    } else if (cc == 0 || p.queue.live >= QUEUE_DEPTH_PER_SLOT * cc) {
      reject(s);
    } else {
      p.queue.add(s);
      req.state[s] = Requests.QUEUED;
      req.queue[s] = p.id;
    }
  }

  /** Requests a pod takes at once: its containerConcurrency, or the bound of an unlimited pod. */
  private static int capacity(int containerConcurrency) {
    return containerConcurrency > 0 ? containerConcurrency : UNLIMITED_POD_CAPACITY;
  }

  /** The routable pod with the fewest requests in flight (ties in turn); null if all are full. */
  private Pod leastLoaded(FunctionState f, int cc) {
    List<Pod> list = f.pods;
    int n = list.size();
    Pod best = null;
    // roundRobin is below n unless the pod list shrank since it was set; no division on the hot path
    int k = f.roundRobin < n ? f.roundRobin : n == 0 ? 0 : f.roundRobin % n;
    for (int i = 0; i < n; i++, k = k + 1 == n ? 0 : k + 1) {
      Pod p = list.get(k);
      if (p.routable() && (best == null || p.inflight < best.inflight)) {
        best = p;
        f.roundRobin = k + 1 == n ? 0 : k + 1;
        if (p.inflight == 0) {
          break;
        }
      }
    }
    return best == null || best.inflight >= capacity(cc) ? null : best;
  }

  private Pod nextInTurn(FunctionState f) {
    List<Pod> list = f.pods;
    int n = list.size();
    for (int i = 0; i < n; i++) {
      int k = (f.roundRobin + i) % n;
      Pod p = list.get(k);
      if (p.routable()) {
        f.roundRobin = (k + 1) % n;
        return p;
      }
    }
    return null;
  }

  private void toBuffer(FunctionState f, int s) {
    if (f.buffer.live >= ACTIVATOR_CAPACITY) {
      reject(s);
      return;
    }
    f.buffer.add(s);
    req.state[s] = Requests.QUEUED;
    req.queue[s] = -1 - f.id;
  }

  /** Sends buffered requests to pods with capacity, least loaded first. */
  void flushBuffer(FunctionState f) {
    int cc = f.active.config.containerConcurrency();
    while (!f.buffer.isEmpty()) {
      Pod p = leastLoaded(f, cc);
      if (p == null) {
        return;
      }
      int s = f.buffer.poll();
      if (req.state[s] == Requests.DEAD) {
        req.release(s);
        continue;
      }
      f.buffer.live--;
      start(p, s);
    }
  }

  private void start(Pod p, int s) {
    req.state[s] = Requests.CPU;
    req.pod[s] = p.id;
    p.inflight++;
    p.node.requests++;
    p.addWork(s, p.rev.cpu.nanos(), now);
    reschedule(p);
  }

  // ---------------------------------------------------------------- pods

  void reschedule(Pod p) {
    long t = p.nextEventTime();
    if (t != p.nextEvent) {
      p.nextEvent = t;
      if (t != Pod.NONE) {
        events.push(t, EventQueue.event(POD, p.id));
      }
    }
  }

  private void firePod(Pod p) {
    p.nextEvent = Pod.NONE;
    p.advance(now);
    p.unthrottleIfDue(now);
    p.syncNode(now);
    int s;
    while ((s = p.pollFinished()) >= 0) {
      p.syncNode(now);
      cpuDone(p, s);
    }
    p.throttleIfSpent(now);
    p.syncNode(now);
    reschedule(p);
  }

  private void cpuDone(Pod p, int s) {
    double io = p.rev.io.nanos();
    if (io > 0) {
      req.state[s] = Requests.IO;
      timer(s, now + Math.round(io));
    } else {
      afterWork(s);
    }
  }

  private void timer(int s, long at) {
    req.timerAt[s] = at;
    events.push(at, EventQueue.event(TIMER, s));
  }

  private void timerFired(int s) {
    if (req.timerAt[s] != now) {
      return;
    }
    byte state = req.state[s];
    if (state == Requests.IO) {
      afterWork(s);
    } else if (state == Requests.ROUTING) {
      if (req.failed[s]) {
        req.release(s); // timed out on the wire
      } else {
        route(s, functions.get(req.fn[s]));
      }
    }
  }

  /** CPU and I/O done: make the next downstream call, or answer. */
  private void afterWork(int s) {
    Pod p = pods.get(req.pod[s]);
    int[] callees = p.rev.callees;
    int k = req.nextCall[s];
    if (k < callees.length) {
      req.nextCall[s] = k + 1;
      req.state[s] = Requests.CALLING;
      call(s, functions.get(callees[k]));
    } else {
      finish(p, s, false);
    }
  }

  private void call(int parent, FunctionState callee) {
    int s = req.alloc();
    req.fn[s] = callee.id;
    req.step[s] = step;
    req.sent[s] = now;
    req.deadline[s] = Long.MAX_VALUE;
    req.parent[s] = parent;
    req.parentGen[s] = req.gen[parent];
    callee.stats.issued++;
    long overhead = callee.overheadNs();
    if (overhead > 0) {
      req.state[s] = Requests.ROUTING;
      timer(s, now + overhead);
    } else {
      route(s, callee);
    }
  }

  /** The request leaves its pod; the pod takes queued work; the caller gets the reply. */
  private void finish(Pod p, int s, boolean error) {
    p.inflight--;
    takeQueued(p);
    reply(p.fn, s, error);
  }

  private void takeQueued(Pod p) {
    if (p.phase == Pod.Phase.TERMINATED) {
      return;
    }
    int cc = p.rev.config.containerConcurrency();
    while (!p.queue.isEmpty() && p.inflight < capacity(cc)) {
      int q = p.queue.poll();
      if (req.state[q] == Requests.DEAD) {
        req.release(q);
        continue;
      }
      p.queue.live--;
      start(p, q);
    }
    FunctionState f = p.fn;
    if (p.routable() && !f.buffer.isEmpty()) {
      flushBuffer(f);
    }
    if (p.draining && p.inflight == 0 && p.queue.isEmpty()) {
      deployments.terminate(p);
    }
  }

  private void reply(FunctionState f, int s, boolean error) {
    if (!req.failed[s] && req.step[s] == step) {
      if (error) {
        f.stats.errors++;
      } else {
        f.stats.complete(now - req.sent[s]);
      }
    }
    int parent = req.parent[s];
    int parentGen = req.parentGen[s];
    req.release(s);
    if (parent >= 0 && req.gen[parent] == parentGen && req.state[parent] == Requests.CALLING) {
      if (error) {
        finish(pods.get(req.pod[parent]), parent, true);
      } else {
        afterWork(parent);
      }
    }
  }

  /** 503: no room in the activator buffer or the pod's queue. The caller sees an error. */
  private void reject(int s) {
    FunctionState f = functions.get(req.fn[s]);
    if (req.step[s] == step) {
      f.stats.rejected++;
    }
    req.failed[s] = true;
    reply(f, s, true);
  }

  // ---------------------------------------------------------------- deadlines

  private DeadlineWatch watchFor(long lengthNs) {
    for (DeadlineWatch w : watches) {
      if (w.lengthNs == lengthNs) {
        return w;
      }
    }
    DeadlineWatch w = new DeadlineWatch(lengthNs, watches.size());
    watches.add(w);
    return w;
  }

  private void fireDeadline(DeadlineWatch w) {
    w.scheduled = false;
    while (!w.isEmpty()) {
      int s = req.resolve(w.peek());
      if (s < 0 || req.failed[s]) {
        w.poll();
        continue;
      }
      if (req.deadline[s] > now) {
        w.scheduled = true;
        events.push(req.deadline[s], EventQueue.event(DEADLINE, w.id));
        return;
      }
      w.poll();
      timeOut(s);
    }
  }

  /** The client gives up. Queued work is dropped; work already running goes on, unheard. */
  private void timeOut(int s) {
    req.failed[s] = true;
    if (req.step[s] == step) {
      functions.get(req.fn[s]).stats.timedOut++;
    }
    if (req.state[s] == Requests.QUEUED) {
      req.state[s] = Requests.DEAD;
      int q = req.queue[s];
      if (q >= 0) {
        pods.get(q).queue.live--;
      } else {
        functions.get(-1 - q).buffer.live--;
      }
    }
  }

  // ---------------------------------------------------------------- functions

  FunctionState addFunction(String name) {
    FunctionState f = new FunctionState(name, functions.size(), seed);
    functions.add(f);
    return f;
  }

  /** Removes a function at once: its pods stop, its requests fail. */
  void remove(FunctionState f) {
    for (Pod p : new ArrayList<>(f.pods)) {
      if (p.phase == Pod.Phase.READY) {
        p.advance(now);
        p.running = 0;
        p.syncNode(now);
      }
      deployments.terminate(p);
    }
    for (int s = 0; s < req.highWater; s++) {
      if (req.state[s] != Requests.FREE && req.fn[s] == f.id) {
        if (!req.failed[s] && req.step[s] == step) {
          f.stats.errors++;
        }
        req.failed[s] = true;
        req.release(s);
      }
    }
    f.buffer.clear();
  }
}
