package faasrl.local;

import faasrl.cluster.AbstractCluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.Node;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.FunctionSpec;
import faasrl.invoke.FanOut;
import faasrl.invoke.InvokeResult;
import faasrl.invoke.Invoker;
import faasrl.local.shop.ShopFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code local} backend: every replica of a function is a {@link FunctionServer} JVM on
 * 127.0.0.1 in its own CPU cgroup, so CPU limits are real CFS quotas as Kubernetes sets them, cold
 * starts are real JVM start-ups, and load is real gRPC from the {@link Invoker}.
 *
 * <p>Metrics per step: node CPU idle/user/system from {@code /proc/stat}, free memory from
 * {@code /proc/meminfo}, network from {@code /proc/net/dev}; per function CPU from the replicas'
 * {@code cpuacct.usage} (v2: {@code cpu.stat usage_usec}) and throttling from {@code cpu.stat}.
 * A replica that dies during a step costs the requests sent to it (counted as failures); after the
 * step the backend starts a replacement on the same port, so that functions calling it reconnect.
 * A function that calls others gets their replicas' endpoints when it starts. Everything
 * (processes, cgroups, the replicas' log directory) is removed on {@link #close}, on a failed
 * start, and by a shutdown hook when the JVM exits; replicas also exit by themselves when this JVM
 * dies, even while they start (each reads a pipe from this JVM until it ends), and cgroups and logs
 * left by a killed JVM are removed by the next start.
 *
 * <p>{@link #close} does not wait for a running step: it stops its load, and that step's
 * {@link #run} fails saying how far it got. On SIGTERM or Ctrl-C the shutdown hook does the same,
 * prints the partial step on stderr, and kills the replicas at once, so the JVM ends within a
 * second or two instead of at the end of the step.
 *
 * <p>A change of CPU limit is applied in place by default (the quota is rewritten); with
 * {@link Resize#RESTART} it makes a new revision: new replicas cold-start, then the old ones stop.
 * A change of containerConcurrency always restarts. {@code memoryMiB} is not enforced.
 *
 * <pre>{@code
 * try (Cluster cluster = Clusters.local().start()) {
 *   cluster.deploy(Catalog.onlineShop().get("adservice"), ScalingConfig.defaults().cpuMillicores(500));
 *   StepResult r = cluster.run(Load.of("adservice", LoadPattern.poisson(200)).seconds(5));
 *   System.out.println(r.only().p90Micros() + " us, throttled " + r.only().throttledFraction());
 * }
 * }</pre>
 */
public final class LocalCluster extends AbstractCluster<LocalCluster> {
  /** How a change of CPU limit reaches running replicas. */
  public enum Resize {
    /** Rewrite the quota of the running replicas (Kubernetes in-place resize). */
    IN_PLACE,
    /** Start replicas with the new limit, then stop the old ones (a new Knative revision). */
    RESTART
  }

  /** Replica JVM flags: small and quick to start on two cores. */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx96m", "-Xss512k", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData");
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final String LOG_PREFIX = "faasrl-local-";
  private static final Duration STOP_GRACE = Duration.ofSeconds(1);

  private final CpuCgroups cgroups;
  private final Path logDir;
  private final List<String> javaCommand;
  private final Duration readyTimeout;
  private final Resize resize;
  private final int maxInFlight;
  private final boolean profileFunctions;
  private final SplittableRandom arrivals;
  private final long startNanos = System.nanoTime();
  private final Map<String, Deployment> deployments = new LinkedHashMap<>();
  private final AtomicInteger replicaSeq = new AtomicInteger();
  private final Thread shutdownHook = new Thread(() -> shutDown(true), "local-cluster-cleanup");
  /** Every replica process started and not yet stopped; spawning and closing lock it. */
  private final Set<Replica> live = new HashSet<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile boolean closed, exiting;
  private volatile Step current;

  /** The load of the step in progress: what close() stops and reports. */
  private record Step(long startNanos, Duration length, FanOut load) {
    /** One line on how far the step got, after its invokers were told to stop. */
    String partial() {
      double secs = (System.nanoTime() - startNanos) / 1e9;
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "step stopped %.1f s into its %.1f s:", secs,
          length.toNanos() / 1e9));
      load.results().forEach((f, r) -> {
        try {
          InvokeResult x = r.get(1, TimeUnit.SECONDS);
          b.append(' ').append(f).append(' ').append(x.issued()).append(" sent, ").append(x.completed())
              .append(" answered, ").append(x.failed()).append(" failed;");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          b.append(' ').append(f).append(" unknown;");
        } catch (ExecutionException | TimeoutException e) {
          b.append(' ').append(f).append(" unknown;");
        }
      });
      return b.substring(0, b.length() - 1);
    }
  }

  /** One deployed function. */
  private static final class Deployment {
    final FunctionSpec spec;
    ScalingConfig config;
    List<Replica> replicas;
    int coldStarts;

    Deployment(FunctionSpec spec, ScalingConfig config, List<Replica> replicas) {
      this.spec = spec;
      this.config = config;
      this.replicas = replicas;
      this.coldStarts = replicas.size();
    }
  }

  private LocalCluster(Builder b) {
    cgroups = CpuCgroups.detect(b.cgroupRoot, "c" + INSTANCES.incrementAndGet());
    try {
      removeStaleLogs();
      logDir = Files.createTempDirectory(LOG_PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      cgroups.close();
      throw new UncheckedIOException("cannot create a log directory: " + e.getMessage(), e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(b.java);
    cmd.addAll(b.jvmOptions);
    cmd.add("-cp");
    cmd.add(b.classpath);
    javaCommand = List.copyOf(cmd);
    readyTimeout = b.readyTimeout;
    resize = b.resize;
    maxInFlight = b.maxInFlight;
    profileFunctions = b.profileFunctions;
    arrivals = new SplittableRandom(b.seed);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A builder; {@code faasrl.Clusters.local()} returns the same. */
  public static Builder builder() {
    return new Builder();
  }

  @Override public String backend() {
    return "local";
  }

  @Override public List<Node> nodes() {
    return List.of(new Node("localhost", Runtime.getRuntime().availableProcessors(), ProcNodeStats.memTotalMiB()));
  }

  /** Where the CPU limits are written, e.g. {@code cgroup v1 (/sys/fs/cgroup/cpu/faasrl/...)}. */
  public String cgroupDescription() {
    return cgroups.description();
  }

  /**
   * The online-shop functions have a local implementation; any other function is served by its CPU
   * profile ({@link ProfileFunction}) when the builder allows it.
   */
  @Override protected void check(FunctionSpec spec, ScalingConfig config) {
    if (!profileFunctions && !ShopFunctions.names().contains(spec.name())) {
      throw new IllegalArgumentException("function '" + spec.name() + "' has no local implementation (local "
          + "functions: " + String.join(", ", ShopFunctions.names()) + "; others run by their CPU profile "
          + "with LocalCluster.builder().profileFunctions(true))");
    }
  }

  private static boolean byProfile(FunctionSpec spec) {
    return !ShopFunctions.names().contains(spec.name());
  }

  /** Starts the new replicas (a caller reaches its callees' replicas, so each needs one), then stops the old. */
  @Override protected void start(FunctionSpec spec, ScalingConfig config, Deployed previous) {
    for (String callee : spec.calls()) {
      if (deployments.get(callee).replicas.isEmpty()) {
        throw new IllegalArgumentException("function '" + spec.name() + "' calls '" + callee
            + "', which has no replica: scale it to one or more first (a caller starts with its callees' endpoints)");
      }
    }
    Deployment fresh = new Deployment(spec, config, startReplicas(spec, config, config.replicas()));
    Deployment old = deployments.put(spec.name(), fresh);
    if (old != null) {
      stopAll(old.replicas);
    }
  }

  @Override protected void resize(Deployed current, ScalingConfig config) {
    Deployment d = deployments.get(current.name());
    ScalingConfig was = d.config;
    boolean onlyCpuOrReplicas = was.containerConcurrency() == config.containerConcurrency()
        && was.memoryMiB() == config.memoryMiB();
    if (was.templateDiffers(config) && !(resize == Resize.IN_PLACE && onlyCpuOrReplicas)) {
      List<Replica> fresh = startReplicas(d.spec, config, config.replicas());
      List<Replica> old = d.replicas;
      d.replicas = fresh;
      d.coldStarts += fresh.size();
      stopAll(old);
    } else {
      int more = config.replicas() - d.replicas.size();
      List<Replica> added = more > 0 ? startReplicas(d.spec, config, more) : List.of();
      if (was.cpuMillicores() != config.cpuMillicores()) {
        d.replicas.forEach(r -> r.cgroup.limit(config.cpuMillicores()));
      }
      d.replicas.addAll(added);
      d.coldStarts += added.size();
      while (d.replicas.size() > config.replicas()) {
        stop(d.replicas.remove(d.replicas.size() - 1), STOP_GRACE);
      }
    }
    d.config = config;
  }

  @Override protected void stop(Deployed function) {
    stopAll(deployments.remove(function.name()).replicas);
  }

  @Override protected StepResult measure(Load load) {
    restoreDead();
    Duration start = clock();
    Map<String, List<Replica>> present = new LinkedHashMap<>();
    Map<Replica, long[]> before = new LinkedHashMap<>();
    for (String f : load.patterns().keySet()) {
      present.put(f, List.copyOf(deployments.get(f).replicas));
      present.get(f).forEach(r -> before.put(r, cgroupCounters(r)));
    }
    ProcNodeStats node0 = ProcNodeStats.read();
    Map<String, InvokeResult> done = invokeAll(load, present);
    ProcNodeStats node1 = ProcNodeStats.read();
    double seconds = (node1.nanoTime() - node0.nanoTime()) / 1e9;
    Map<String, long[]> used = new LinkedHashMap<>();
    present.forEach((f, rs) -> used.put(f, cgroupDelta(rs, before)));
    restoreDead(); // after reading the counters: a dead replica's group goes with it
    Map<String, FunctionMetrics> metrics = new LinkedHashMap<>();
    for (String f : load.patterns().keySet()) {
      Deployment d = deployments.get(f);
      long[] u = used.get(f);
      FunctionMetrics.Builder m = done.get(f) != null ? done.get(f).metrics(f, d.config)
          : unserved(f, d.config, load);
      metrics.put(f, m.cpuUsedCores(u[0] / 1e9 / seconds)
          .cpuLimitCores(present.get(f).size() * d.config.cpuCores())
          .periods(u[1]).throttledPeriods(u[2]).coldStarts(d.coldStarts)
          .readyReplicas((int) d.replicas.stream().filter(Replica::alive).count()).build());
      d.coldStarts = 0;
    }
    return new StepResult(start, load.length(), metrics, List.of(node0.until(node1, "localhost")));
  }

  /** Process ids of a function's replicas (to inspect or, in tests, to kill one). */
  public synchronized List<Long> replicaPids(String function) {
    return deployment(function).replicas.stream().map(Replica::pid).toList();
  }

  /** The cgroup limit settings of a function's replicas as the kernel holds them. */
  public synchronized List<String> replicaLimits(String function) {
    return deployment(function).replicas.stream().map(r -> r.cgroup.limitSetting()).toList();
  }

  /** Measured cold starts (spawn to first answered probe) of the current replicas. */
  public synchronized List<Duration> replicaColdStarts(String function) {
    return deployment(function).replicas.stream().map(Replica::coldStart).toList();
  }

  /** The endpoints ({@code 127.0.0.1:port}) of a function's replicas. */
  public synchronized List<String> replicaEndpoints(String function) {
    return deployment(function).replicas.stream().map(r -> "127.0.0.1:" + r.port()).toList();
  }

  /** The directory of the replicas' logs ({@code faasrl-local-PID-*} in the temporary directory). */
  public Path logDirectory() {
    return logDir;
  }

  @Override public Duration clock() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Stops every replica, removes the cgroups and the log directory. A step in progress is not
   * waited for: its load stops and its {@link #run} fails. Idempotent; safe from any thread.
   */
  @Override public void close() {
    shutDown(Thread.currentThread() == shutdownHook);
  }

  /** {@code signalled}: from the shutdown hook (SIGTERM, Ctrl-C, exit): report the step, kill at once. */
  private void shutDown(boolean signalled) {
    List<Replica> running;
    synchronized (live) {
      if (closed) {
        return;
      }
      closed = true; // from here on no replica or cgroup is created
      exiting = signalled;
      running = List.copyOf(live);
    }
    closing.countDown();
    Step step = current;
    if (step != null) {
      step.load().interrupt();
      if (signalled) {
        System.err.println("faasrl: local backend: " + step.partial() + " (not logged); removing " + running.size()
            + " replica processes and their cgroups");
        System.err.flush();
      }
    }
    stopAll(running, signalled ? Duration.ZERO : STOP_GRACE);
    cgroups.close();
    deleteTree(logDir);
    if (!signalled) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook finds this closed
      }
    }
  }

  // ---- internals ----

  /**
   * Loads every function of the step at once, one invoker each; null for a function without
   * replicas. Ends early when the cluster is closed: the step's run then fails with how far it got.
   */
  private Map<String, InvokeResult> invokeAll(Load load, Map<String, List<Replica>> replicas) {
    Map<String, Invoker> invokers = new LinkedHashMap<>();
    load.patterns().keySet().forEach(f -> {
      if (!replicas.get(f).isEmpty()) {
        invokers.put(f, invoker(f, replicas.get(f), load)); // here: the seed source is not thread-safe
      }
    });
    FanOut fanOut = FanOut.start(invokers);
    Step step = new Step(System.nanoTime(), load.length(), fanOut);
    current = step; // close() sees the step, or this sees closed: either way the load stops
    try {
      if (closed) {
        fanOut.interrupt();
      }
      awaitClosing(load.length()); // a step lasts its length even when no replica serves
      if (closed) {
        fanOut.interrupt();
        if (exiting) {
          awaitHalt(); // the hook reports the step; the JVM ends when it returns
        }
        throw new IllegalStateException("this local cluster was closed during the step: " + step.partial());
      }
      Map<String, InvokeResult> done = new LinkedHashMap<>();
      Map<String, InvokeResult> served = fanOut.join();
      load.patterns().keySet().forEach(f -> done.put(f, served.get(f))); // null: no replica served it
      return done;
    } finally {
      current = null;
    }
  }

  /** CPU nanoseconds, CFS periods and throttled periods of {@code replicas} since {@code before}. */
  private static long[] cgroupDelta(List<Replica> replicas, Map<Replica, long[]> before) {
    long[] sum = new long[3];
    for (Replica r : replicas) {
      long[] a = before.get(r), b = cgroupCounters(r);
      for (int i = 0; i < 3; i++) {
        sum[i] += b[i] - a[i];
      }
    }
    return sum;
  }

  private Invoker invoker(String function, List<Replica> replicas, Load load) {
    return Invoker.builder().channels(replicas.stream().map(Replica::channel).toList()).step(load, function)
        .maxInFlight(maxInFlight).seed(arrivals.nextLong()).payload(ShopFunctions.defaultRequest(function)).build();
  }

  /** Metrics of a function with no replica: every request of the step fails. */
  private static FunctionMetrics.Builder unserved(String function, ScalingConfig config, Load load) {
    LoadPattern p = load.patterns().get(function);
    double from = load.offsetSeconds(), to = from + load.lengthSeconds();
    long n = 0;
    SplittableRandom rng = new SplittableRandom(1);
    for (double t = p.nextArrival(from, rng); t <= to; t = p.nextArrival(t, rng)) {
      n++;
    }
    return FunctionMetrics.builder(function).config(config).issued(n).rejected(n).askedRps(load.askedRps(function));
  }

  private static long[] cgroupCounters(Replica r) {
    try {
      return new long[] {r.cgroup.usageNanos(), r.cgroup.periods(), r.cgroup.throttledPeriods()};
    } catch (UncheckedIOException e) {
      return new long[3]; // group already removed
    }
  }

  /** Starts {@code n} replicas in parallel and waits until all serve; on failure none is left running. */
  private List<Replica> startReplicas(FunctionSpec spec, ScalingConfig config, int n) {
    return startReplicas(spec, config, Collections.nCopies(n, 0));
  }

  /** Starts one replica per entry of {@code ports} (0: any free port). */
  private List<Replica> startReplicas(FunctionSpec spec, ScalingConfig config, List<Integer> ports) {
    List<Replica> started = new ArrayList<>();
    try {
      for (int port : ports) {
        String name = spec.name() + "-" + replicaSeq.incrementAndGet();
        List<String> args = serverArgs(spec, config, port);
        synchronized (live) { // close() either stops this replica or came first and nothing starts
          checkOpen();
          ReplicaCgroup g = cgroups.create(name);
          try {
            g.limit(config.cpuMillicores());
            Replica r = Replica.spawn(name, g, javaCommand(spec), args, logDir);
            live.add(r);
            started.add(r);
          } catch (RuntimeException e) {
            g.delete();
            throw e;
          }
        }
      }
      started.forEach(r -> r.awaitReady(readyTimeout));
      return started;
    } catch (RuntimeException e) {
      stopAll(started);
      throw e;
    }
  }

  /** A profile function holds its memory off the heap: room for it beside the small heap. */
  private List<String> javaCommand(FunctionSpec spec) {
    if (!byProfile(spec)) {
      return javaCommand;
    }
    List<String> cmd = new ArrayList<>(javaCommand);
    cmd.add(1, "-XX:MaxDirectMemorySize=" + (spec.memoryMiB() + 16) + "m");
    return cmd;
  }

  private List<String> serverArgs(FunctionSpec spec, ScalingConfig config, int port) {
    List<String> args = new ArrayList<>(List.of("--function", byProfile(spec) ? ProfileFunction.NAME : spec.name(),
        "--port", Integer.toString(port), "--concurrency", Integer.toString(config.containerConcurrency())));
    if (byProfile(spec)) {
      args.addAll(List.of("--cpu-quantiles-us", ProfileFunction.encode(ProfileFunction.quantilesOf(spec.cpu())),
          "--hold-memory-mib", Integer.toString(spec.memoryMiB())));
    }
    if (!spec.calls().isEmpty()) {
      args.add("--downstream");
      args.add(spec.calls().stream().map(c -> c + "=" + String.join("|", replicaEndpoints(c)))
          .collect(Collectors.joining(",")));
    }
    return args;
  }

  /**
   * Replaces replicas whose process died, on the same port when it is free, so that functions
   * calling them reconnect; their cold starts count in the step that restores them.
   */
  private void restoreDead() {
    for (Deployment d : deployments.values()) {
      for (int i = 0; i < d.replicas.size(); i++) {
        Replica r = d.replicas.get(i);
        if (!r.alive()) {
          stop(r, STOP_GRACE);
          Replica fresh;
          try {
            fresh = startReplicas(d.spec, d.config, List.of(Math.max(0, r.port()))).get(0);
          } catch (IllegalStateException e) {
            fresh = startReplicas(d.spec, d.config, 1).get(0); // the port was taken meanwhile
          }
          d.replicas.set(i, fresh);
          d.coldStarts++;
        }
      }
    }
  }

  private void stopAll(List<Replica> replicas) {
    stopAll(replicas, STOP_GRACE);
  }

  private void stopAll(List<Replica> replicas, Duration grace) {
    replicas.parallelStream().forEach(r -> stop(r, grace));
  }

  private void stop(Replica r, Duration grace) {
    r.stop(grace);
    synchronized (live) {
      live.remove(r);
    }
  }

  private Deployment deployment(String function) {
    deployed(function); // the one refusal of a function that is not deployed
    return deployments.get(function);
  }

  /** Closed by {@link #close} or by the shutdown hook (a signal). */
  @Override protected boolean isClosed() {
    return closed;
  }

  /** Sleeps for {@code d}, or less if the cluster is closed meanwhile. */
  private void awaitClosing(Duration d) {
    try {
      closing.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Parks the calling thread while the JVM runs its shutdown hooks and halts. */
  private static void awaitHalt() {
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // still exiting
      }
    }
  }

  /** Removes the log directories of backends whose JVM is gone (killed before it could close). */
  private static void removeStaleLogs() throws IOException {
    Pattern name = Pattern.compile(Pattern.quote(LOG_PREFIX) + "(\\d+)-\\d+");
    try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      for (Path d : dirs.toList()) {
        Matcher m = name.matcher(d.getFileName().toString());
        if (m.matches() && Files.isDirectory(d) && ProcessHandle.of(Long.parseLong(m.group(1)))
            .filter(ProcessHandle::isAlive).isEmpty()) {
          deleteTree(d);
        }
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // logs are in a temporary directory: one left behind is harmless, and the next start retries
    }
  }

  /** Options of the local backend. */
  public static final class Builder {
    private Path cgroupRoot = Path.of("/sys/fs/cgroup");
    private Resize resize = Resize.IN_PLACE;
    private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
    private String classpath = System.getProperty("java.class.path");
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private Duration readyTimeout = Duration.ofSeconds(60);
    private int maxInFlight = Invoker.DEFAULT_MAX_IN_FLIGHT;
    private long seed = 1;
    private boolean profileFunctions;

    private Builder() {}

    /**
     * Whether functions without a local implementation are deployed anyway, each replica serving the
     * generic {@link ProfileFunction}: busy CPU per call drawn from the spec's {@code cpu}, the spec's
     * memory held (default false: such a deploy is refused, so that a mistyped name is an error).
     */
    public Builder profileFunctions(boolean v) {
      profileFunctions = v;
      return this;
    }

    /** Seed of Poisson arrivals: every step of every function draws its own from it (default 1). */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Where the cgroup controllers are mounted (default {@code /sys/fs/cgroup}). */
    public Builder cgroupRoot(Path v) {
      cgroupRoot = Objects.requireNonNull(v, "cgroupRoot");
      return this;
    }

    /** How CPU limit changes reach running replicas (default {@link Resize#IN_PLACE}). */
    public Builder resize(Resize v) {
      resize = Objects.requireNonNull(v, "resize");
      return this;
    }

    /** JVM flags of replica processes (default {@link #DEFAULT_JVM_OPTIONS}). */
    public Builder jvmOptions(List<String> v) {
      jvmOptions = List.copyOf(v);
      return this;
    }

    /** Class path of replica processes (default: this JVM's). */
    public Builder classpath(String v) {
      classpath = Objects.requireNonNull(v, "classpath");
      return this;
    }

    /** How long a replica may take to answer its first probe (default 60 s). */
    public Builder readyTimeout(Duration v) {
      if (v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException("readyTimeout must be > 0, was " + v);
      }
      readyTimeout = v;
      return this;
    }

    /** Requests in flight per function at most (default {@link Invoker#DEFAULT_MAX_IN_FLIGHT}). */
    public Builder maxInFlight(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxInFlight must be >= 1, was " + v);
      }
      maxInFlight = v;
      return this;
    }

    /**
     * Starts the backend (no replicas yet).
     *
     * @throws IllegalStateException when no CPU cgroup can be written
     */
    public LocalCluster start() {
      return new LocalCluster(this);
    }
  }
}
