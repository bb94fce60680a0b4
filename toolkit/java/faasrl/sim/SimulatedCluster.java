package faasrl.sim;

import faasrl.cluster.AbstractCluster;
import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.Node;
import faasrl.cluster.NodeMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.FunctionSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A discrete-event simulation of Knative on Kubernetes: the embedded default {@link Cluster}.
 * Deterministic for a seed and much faster than real time; {@link #run} advances simulated time
 * only, and the clock, pods, queues and requests in flight carry over from step to step. Not
 * thread-safe: drive one cluster from one thread (run several clusters in parallel instead).
 *
 * <p>What it models (assumptions in the package's classes and the README):
 * <ul>
 *   <li>worker nodes with cores and memory; pods placed where their CPU and memory requests fit
 *       (requests = limits), else pending until room frees;
 *   <li>CPU limits as Linux CFS quota: limit x 100 ms of CPU per 100 ms period, then throttled to
 *       the period's end; requests in a pod share it, each on at most one core, at most the
 *       function's {@code parallelism} at once; a node's cores are shared when more requests want
 *       to run than it has;
 *   <li>containerConcurrency with Knative's activator buffer and queue-proxy queues
 *       ({@link Routing}); replicas fixed (min-scale = max-scale);
 *   <li>cold starts; a change of CPU, memory or concurrency rolls out a new revision whose pods
 *       cold-start while the old ones serve, then drain (or resizes in place, if built so);
 *   <li>per request: network/queue-proxy overhead, CPU, I/O wait, then downstream calls in order,
 *       each a full request to the callee's pods; the client's deadline (a late reply is a failure).
 * </ul>
 *
 * <p>Counting: a step's counts are about the requests issued in it, so {@code issued = completed +
 * failed + inFlight}. A request still in flight at the step's end keeps using the cluster in the next
 * step, but its outcome is not counted again there. Functions called downstream appear in the step
 * result too (their requests are the calls they received). Cold starts are the pods that became
 * ready during the step.
 *
 * <pre>{@code
 * try (SimulatedCluster c = Clusters.simulated().workers(4).seed(7).start()) {
 *   c.deploy(Catalog.onlineShop(), ScalingConfig.defaults()).awaitReady();
 *   StepResult r = c.run(Load.of("adservice", LoadPattern.poisson(300)).seconds(10));
 *   System.out.println(r.function("adservice").p90Micros());
 * }
 * }</pre>
 */
public final class SimulatedCluster extends AbstractCluster<SimulatedCluster> {
  private final Engine engine;
  private final List<Node> nodes;
  private final Map<String, FunctionState> byName = new LinkedHashMap<>();
  private final double coresPerWorker;
  private final long memoryPerWorkerMiB;

  private SimulatedCluster(Builder b) {
    engine = new Engine(b.routing, b.inPlaceResize, b.seed);
    List<Node> ns = new ArrayList<>();
    for (int i = 1; i <= b.workers; i++) {
      String name = "worker-" + i;
      ns.add(new Node(name, b.coresPerWorker, b.memoryPerWorkerMiB));
      engine.nodes.add(new SimNode(name, b.coresPerWorker, b.memoryPerWorkerMiB, engine));
    }
    nodes = List.copyOf(ns);
    coresPerWorker = b.coresPerWorker;
    memoryPerWorkerMiB = b.memoryPerWorkerMiB;
  }

  /** A builder with 4 workers of 20 cores and 64 GiB, seed 1, least-loaded routing, revisions on resize. */
  public static Builder builder() {
    return new Builder();
  }

  @Override public String backend() {
    return "sim";
  }

  /** Seeded and driven only by its calls: the same calls give the same results. */
  @Override public boolean deterministic() {
    return true;
  }

  @Override public List<Node> nodes() {
    return nodes;
  }

  /** Whom {@code function} calls in any revision still running (an old one may still call its callees). */
  @Override protected List<String> callees(String function) {
    return callsOf(byName.get(function));
  }

  private static List<String> callsOf(FunctionState f) {
    if (f.next == null) {
      return f.active.spec.calls();
    }
    List<String> both = new ArrayList<>(f.active.spec.calls());
    both.addAll(f.next.spec.calls());
    return both;
  }

  /** A pod must fit on a worker: its CPU limit and memory at most a worker's. */
  @Override protected void check(FunctionSpec spec, ScalingConfig c) {
    if (c.cpuCores() > coresPerWorker) {
      throw new IllegalArgumentException(spec.name() + ": cpu limit " + c.cpuMillicores()
          + "m exceeds a worker's " + coresPerWorker + " cores (allowed 1.." + Math.round(coresPerWorker * 1000) + ")");
    }
    if (c.memoryMiB() > 0 && c.memoryMiB() < spec.memoryMiB()) {
      throw new IllegalArgumentException(spec.name() + ": memory limit " + c.memoryMiB()
          + " MiB is below the function's footprint of " + spec.memoryMiB() + " MiB (it would be OOM-killed)");
    }
    long mem = c.memoryMiB() > 0 ? c.memoryMiB() : spec.memoryMiB();
    if (mem > memoryPerWorkerMiB - SimNode.SYSTEM_MEMORY_MIB) {
      throw new IllegalArgumentException(spec.name() + ": memory " + mem + " MiB exceeds what a worker offers ("
          + (memoryPerWorkerMiB - SimNode.SYSTEM_MEMORY_MIB) + " MiB)");
    }
  }

  @Override protected void start(FunctionSpec spec, ScalingConfig config, Deployed previous) {
    FunctionState f = byName.get(spec.name());
    int[] callees = spec.calls().stream().mapToInt(n -> byName.get(n).id).toArray();
    if (f == null) {
      f = engine.addFunction(spec.name());
      byName.put(spec.name(), f);
      f.asked = config;
      engine.deployments.firstRevision(f, new Revision(spec, config, callees, f.service));
    } else {
      f.asked = config;
      engine.deployments.rollOut(f, new Revision(spec, config, callees, f.service));
    }
  }

  @Override protected void resize(Deployed current, ScalingConfig config) {
    engine.deployments.reconfigure(state(current.name()), config);
  }

  @Override protected void stop(Deployed function) {
    engine.remove(state(function.name()));
    byName.remove(function.name());
  }

  @Override protected StepResult measure(Load load) {
    List<FunctionState> loaded = new ArrayList<>();
    List<LoadPattern> patterns = new ArrayList<>();
    for (Map.Entry<String, LoadPattern> e : load.patterns().entrySet()) {
      loaded.add(state(e.getKey()));
      patterns.add(e.getValue());
    }
    long start = engine.now;
    engine.beginStep(loaded, patterns, load.offsetSeconds(), load.length().toNanos(),
        load.deadline().toNanos(), load.recordLatencies());
    engine.finishStep();
    return result(load, start);
  }

  private StepResult result(Load load, long start) {
    double seconds = load.lengthSeconds();
    long[] inFlight = engine.inFlightByFunction();
    Map<String, FunctionMetrics> out = new LinkedHashMap<>();
    for (String name : load.patterns().keySet()) {
      out.put(name, metrics(byName.get(name), load.askedRps(name), inFlight, seconds));
    }
    for (FunctionState f : byName.values()) {
      if (!out.containsKey(f.name) && f.stats.issued > 0) {
        out.put(f.name, metrics(f, f.stats.issued / seconds, inFlight, seconds));
      }
    }
    List<NodeMetrics> nm = new ArrayList<>();
    double ns = load.length().toNanos();
    for (SimNode n : engine.nodes) {
      double user = Math.min(1, n.userNanos / (n.cores * ns));
      double system = Math.min(1 - user, n.requests * (double) Engine.SYSTEM_NS_PER_REQUEST / (n.cores * ns));
      double bits = n.requests * Engine.BYTES_PER_REQUEST * 8 / seconds;
      nm.add(new NodeMetrics(n.name, 1 - user - system, user, system, n.memFree(), bits, bits));
    }
    return new StepResult(Duration.ofNanos(start), load.length(), out, nm);
  }

  private FunctionMetrics metrics(FunctionState f, double askedRps, long[] inFlight, double seconds) {
    StepStats s = f.stats;
    return FunctionMetrics.builder(f.name)
        .config(f.asked)
        .latency(s.latency())
        .latenciesMicros(s.latenciesMicros())
        .issued(s.issued)
        .completed(s.completed)
        .timedOut(s.timedOut)
        .rejected(s.rejected)
        .failed(s.failed())
        .inFlight(inFlight[f.id])
        .askedRps(askedRps)
        .completedRps(s.completed / seconds)
        .cpuUsedCores(s.cpuNanos / (seconds * 1e9))
        .cpuLimitCores(s.limitCoreNanos / (seconds * 1e9))
        .throttledPeriods(s.throttledPeriods)
        .periods(s.periods)
        .coldStarts(s.coldStarts)
        .readyReplicas(engine.deployments.readyReplicas(f))
        .build();
  }

  /**
   * Advances the clock without load until every placed pod is ready (cold starts done, new
   * revisions serving). Pods that fit on no node stay pending; see {@link #pendingPods()}.
   */
  @Override public SimulatedCluster awaitReady() {
    checkOpen();
    long t = engine.deployments.lastReadyAt();
    if (t >= 0) {
      engine.runThrough(Math.max(t, engine.now));
    }
    return this;
  }

  /** Advances the clock by {@code d} without load (requests in flight go on). */
  public SimulatedCluster idle(Duration d) {
    checkOpen();
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException("idle time must be >= 0, was " + d);
    }
    engine.runUntil(engine.now + d.toNanos());
    return this;
  }

  /**
   * Runs {@code action} every {@code period} of simulated time, the first time one period from now,
   * whenever the clock advances ({@link #run}, {@link #idle}, {@link #awaitReady}): a controller
   * that acts inside a step, as Knative's autoscaler decides every 2 s. The action runs on the
   * thread that drives the cluster and may call {@link #scale}, {@link #concurrency} and
   * {@link #readyReplicas}. It stays registered until the cluster closes.
   *
   * <!-- given: SimulatedCluster cluster -->
   * <pre>{@code
   * cluster.every(Duration.ofSeconds(2), () -> System.out.println(cluster.concurrency("adservice")));
   * }</pre>
   */
  public SimulatedCluster every(Duration period, Runnable action) {
    checkOpen();
    if (period == null || period.toNanos() <= 0) {
      throw new IllegalArgumentException("a controller's period must be > 0, was " + period);
    }
    if (action == null) {
      throw new IllegalArgumentException("every needs an action");
    }
    long ns = period.toNanos();
    int id = engine.tickers.size();
    engine.tickers.add(() -> {
      engine.events.push(engine.now + ns, EventQueue.event(Engine.TICK, id));
      action.run();
    });
    engine.events.push(engine.now + ns, EventQueue.event(Engine.TICK, id));
    return this;
  }

  /**
   * Requests {@code function} holds now: running or queued in its pods, or waiting in the
   * activator's buffer (what Knative's queue-proxies and activator report as concurrency).
   */
  public int concurrency(String function) {
    FunctionState f = state(function);
    int n = f.buffer.live;
    for (Pod p : f.pods) {
      n += p.inflight + p.queue.live;
    }
    return n;
  }

  /**
   * Latency summed over the calls of {@code function} answered since it was deployed, in seconds:
   * the integral of their concurrency over time (Little's law), which an autoscaler differences to
   * get the mean concurrency of calls too short to catch in a sample of {@link #concurrency}.
   */
  public double answeredSeconds(String function) {
    return state(function).stats.answeredNanos / 1e9;
  }

  /** Pods waiting for a node with room for their CPU and memory requests. */
  public int pendingPods() {
    return engine.deployments.unplacedCount();
  }

  /** Ready pods that receive traffic for {@code function}. */
  public int readyReplicas(String function) {
    return engine.deployments.readyReplicas(state(function));
  }

  /** Client requests (not downstream calls) issued since the cluster started. */
  long clientRequests() {
    return engine.clientRequests;
  }

  @Override public Duration clock() {
    return Duration.ofNanos(engine.now);
  }

  private FunctionState state(String function) {
    deployed(function); // the one refusal of a function that is not deployed
    return byName.get(function);
  }

  /** Fluent builder; every setter validates its argument. */
  public static final class Builder {
    private int workers = 4;
    private double coresPerWorker = 20;
    private long memoryPerWorkerMiB = 64 * 1024;
    private long seed = 1;
    private Routing routing = Routing.LEAST_LOADED;
    private boolean inPlaceResize;

    private Builder() {}

    /** Worker nodes, 1..1000 (default 4, as the paper's cluster). */
    public Builder workers(int n) {
      if (n < 1 || n > 1000) {
        throw new IllegalArgumentException("workers must be 1..1000, was " + n);
      }
      workers = n;
      return this;
    }

    /** Cores (hardware threads) per worker, > 0 and at most 1024 (default 20, a CloudLab xl170). */
    public Builder coresPerWorker(double cores) {
      if (!(cores > 0) || cores > 1024) {
        throw new IllegalArgumentException("cores per worker must be > 0 and <= 1024, was " + cores);
      }
      coresPerWorker = cores;
      return this;
    }

    /** Memory per worker in MiB, more than the 2048 MiB the system keeps (default 64 GiB). */
    public Builder memoryPerWorkerMiB(long mib) {
      if (mib <= SimNode.SYSTEM_MEMORY_MIB) {
        throw new IllegalArgumentException("memory per worker must be > " + SimNode.SYSTEM_MEMORY_MIB
            + " MiB, was " + mib);
      }
      memoryPerWorkerMiB = mib;
      return this;
    }

    /** Seed of every random draw: the same seed and calls give the same results. */
    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public Builder routing(Routing r) {
      if (r == null) {
        throw new IllegalArgumentException("routing must be LEAST_LOADED or ROUND_ROBIN, was null");
      }
      routing = r;
      return this;
    }

    /**
     * True: a CPU, memory or concurrency change resizes the running pods in place (at once, without
     * checking the node's room) instead of rolling out a new revision.
     */
    public Builder inPlaceResize(boolean b) {
      inPlaceResize = b;
      return this;
    }

    public SimulatedCluster start() {
      return new SimulatedCluster(this);
    }
  }
}
