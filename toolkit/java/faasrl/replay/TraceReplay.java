package faasrl.replay;

import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.scaler.Hpa;
import faasrl.sim.SimulatedCluster;
import faasrl.trace.MinuteArrivals;
import faasrl.trace.TraceFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Replays trace functions on a cluster, minute by minute: each function is deployed with its
 * profile ({@link TraceFunction#spec}) at Knative's initial scale of one warm pod, then every
 * minute issues exactly the trace's calls ({@link MinuteArrivals}) while a scaler runs:
 * <ul>
 *   <li>{@link Scaler#KPA}: Knative's autoscaler deciding every 2 s. On the simulator it ticks
 *       inside the steps, min scale 0 (scale to zero, the activator holding calls)
 *       ({@link TickingKpa}); on a real-time backend (local) it decides between 2 s steps, with at
 *       least one pod, as no activator holds calls there;</li>
 *   <li>{@link Scaler#HPA}: the Kubernetes HPA on CPU utilisation ({@link Hpa}: target 80%), one
 *       sync every 15 s between steps, at least one pod (an HPA cannot scale to zero);</li>
 *   <li>{@link Scaler#DQN_MULTI}: one DQN agent per function ({@link TraceAgents}, trained beforehand
 *       on other minutes), each moving its function's replicas by -1/0/+1 every 10 s, greedily, between
 *       steps like the HPA; 1..10 pods per function (no scale to zero);</li>
 *   <li>{@link Scaler#STATIC}: one pod per function all along (min scale = max scale = 1).</li>
 * </ul>
 * On a cluster that scales by itself ({@link Builder#clusterScales}, e.g. Knative) the replay
 * only issues the calls. A minute runs as one step, or as steps ending on the scaler's period (HPA,
 * DQN, KPA off the simulator); a call's outcome is counted at the end of the step it was issued in. With
 * {@link Builder#minuteSeconds} a trace minute lasts less (or more) of the cluster's time, with the
 * same calls: what a real-time backend needs to replay a long window on a laptop.
 *
 * <!-- given: Path inv; Path dur -->
 * <pre>{@code
 * List<TraceFunction> fs = AzureTrace.reader(inv, dur).functions(6).minutes(60).read();
 * try (SimulatedCluster c = Clusters.simulated().seed(7).start()) {
 *   List<MinuteRow> rows = TraceReplay.builder(fs).seed(7).build().run(c);
 * }
 * }</pre>
 */
public final class TraceReplay {
  /** Which scaler runs during the replay. */
  public enum Scaler { KPA, HPA, DQN_MULTI, STATIC }

  /** Knative's default request timeout (revision timeoutSeconds): the activator holds a call this long. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(300);
  /** Cold start of a trace function's pod: a small Go function's, as the online-shop profiles measure it. */
  public static final Duration DEFAULT_COLD_START = Duration.ofMillis(1500);
  /** The HPA's sync period: Kubernetes' default ({@code --horizontal-pod-autoscaler-sync-period}). */
  public static final Duration HPA_SYNC = Duration.ofSeconds(15);
  /** Seconds of a trace minute unless {@link Builder#minuteSeconds} says otherwise. */
  public static final double MINUTE_SECONDS = 60;

  private final List<TraceFunction> functions;
  private final int firstMinute;
  private final long seed;
  private final Scaler scaler;
  private final TickingKpa kpa;
  private final Duration coldStart, deadline;
  private final boolean evenArrivals;
  private final double minuteSeconds;
  private final Hpa hpa;
  private final boolean clusterScales;
  private final TraceAgents agents;

  private TraceReplay(Builder b) {
    functions = List.copyOf(b.functions);
    firstMinute = b.firstMinute;
    seed = b.seed;
    scaler = b.scaler;
    kpa = b.kpa;
    coldStart = b.coldStart;
    deadline = b.deadline;
    evenArrivals = b.evenArrivals;
    minuteSeconds = b.minuteSeconds;
    hpa = b.hpa;
    clusterScales = b.clusterScales;
    agents = b.agents;
  }

  /** A replay of {@code functions} (all cut to the same window): KPA, seed 1, random arrival times. */
  public static Builder builder(List<TraceFunction> functions) {
    return new Builder(functions);
  }

  /** Minutes in the window. */
  public int minutes() {
    return functions.get(0).counts().length;
  }

  /** Replays every minute and returns one row per minute over all functions. */
  public List<MinuteRow> run(Cluster cluster) {
    List<MinuteRow> rows = new ArrayList<>();
    run(cluster, result -> rows.add(row(result.minute, MinuteRow.ALL, result.steps, functions)));
    return rows;
  }

  /** Replays every minute and returns one row per minute and function, in the functions' order. */
  public List<MinuteRow> runByFunction(Cluster cluster) {
    List<MinuteRow> rows = new ArrayList<>();
    run(cluster, result -> {
      for (TraceFunction f : functions) {
        rows.add(row(result.minute, f.name(), result.steps, List.of(f)));
      }
    });
    return rows;
  }

  private record Minute(int minute, List<StepResult> steps) {}

  private void run(Cluster cluster, Consumer<Minute> each) {
    List<String> names = functions.stream().map(TraceFunction::name).toList();
    Map<String, LoadPattern> patterns = new LinkedHashMap<>();
    for (TraceFunction f : functions) {
      cluster.deploy(f.spec(coldStart), ScalingConfig.defaults());
      MinuteArrivals a = f.arrivals(seed * 1_000_003L + f.row());
      patterns.put(f.name(), CompressedMinutes.of(evenArrivals ? a.asUniform() : a, minuteSeconds));
    }
    cluster.awaitReady();
    StepScaler between = clusterScales ? null : switch (scaler) {
      case STATIC -> null;
      case HPA -> new HpaStepScaler(hpa, HPA_SYNC, names);
      case DQN_MULTI -> agents.stepScaler(functions);
      case KPA -> {
        if (cluster instanceof SimulatedCluster sim) {
          kpa.attach(sim, names);
          yield null;
        }
        yield new SteppedKpa(kpa, cluster, names);
      }
    };
    double period = between == null ? Double.POSITIVE_INFINITY : between.period().toNanos() / 1e9;
    double t = 0;
    for (int m = 0; m < minutes(); m++) {
      double end = (m + 1) * minuteSeconds;
      List<StepResult> steps = new ArrayList<>();
      while (end - t > 1e-9) {
        long ticks = (long) Math.floor(t / period + 1e-9) + 1; // the next decision after t
        double next = Math.min(end, ticks * period);
        Load load = new Load(patterns, nanos(next - t), nanos(t), deadline, false);
        StepResult step = cluster.run(load);
        steps.add(step);
        t = next;
        if (between != null && Math.abs(next - ticks * period) < 1e-9) {
          between.decide(cluster, step, next);
        }
      }
      each.accept(new Minute(firstMinute + m, steps));
    }
  }

  private static Duration nanos(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  /**
   * One row over {@code fs} and the minute's steps: counts and latencies over all of them, ready pods
   * at the minute's end, CPU limits averaged over the minute.
   */
  private static MinuteRow row(int minute, String name, List<StepResult> steps, List<TraceFunction> fs) {
    Histogram h = FunctionMetrics.newHistogram();
    long issued = 0, completed = 0, failed = 0, inFlight = 0, cold = 0;
    int replicas = 0;
    double limit = 0, seconds = 0;
    for (StepResult step : steps) {
      double length = step.length().toNanos() / 1e9;
      seconds += length;
      for (TraceFunction f : fs) {
        FunctionMetrics m = step.function(f.name());
        h.add(m.histogram());
        issued += m.issued();
        completed += m.completed();
        failed += m.failed();
        inFlight += m.inFlight();
        cold += m.coldStarts();
        limit += m.cpuLimitCores() * length;
      }
    }
    for (TraceFunction f : fs) {
      replicas += steps.get(steps.size() - 1).function(f.name()).readyReplicas();
    }
    double p50 = h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50);
    double p99 = h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99);
    return new MinuteRow(minute, name, issued, completed, failed, inFlight, p50, p99, cold, replicas,
        seconds == 0 ? 0 : limit / seconds);
  }

  @Override public String toString() {
    return String.format(Locale.ROOT, "trace replay of %d functions, %d minutes from %d, %s", functions.size(),
        minutes(), firstMinute, scaler.name().toLowerCase(Locale.ROOT));
  }

  /** Builds a {@link TraceReplay}. */
  public static final class Builder {
    private final List<TraceFunction> functions;
    private int firstMinute = 1;
    private long seed = 1;
    private Scaler scaler = Scaler.KPA;
    private TickingKpa kpa = TickingKpa.builder().build();
    private Duration coldStart = DEFAULT_COLD_START, deadline = DEFAULT_DEADLINE;
    private boolean evenArrivals;
    private double minuteSeconds = MINUTE_SECONDS;
    private Hpa hpa = Hpa.builder().build();
    private boolean clusterScales;
    private TraceAgents agents;

    private Builder(List<TraceFunction> functions) {
      if (functions == null || functions.isEmpty()) {
        throw new IllegalArgumentException("a trace replay needs at least one function (none in the window is called)");
      }
      int minutes = functions.get(0).counts().length;
      for (TraceFunction f : functions) {
        if (f.counts().length != minutes) {
          throw new IllegalArgumentException("the functions of a replay must share one window: " + f.name()
              + " has " + f.counts().length + " minutes, not " + minutes);
        }
      }
      this.functions = List.copyOf(functions);
    }

    /** The trace minute of the window's first minute, for the rows (default 1). */
    public Builder firstMinute(int v) {
      firstMinute = v;
      return this;
    }

    /** Seed of the arrival times (the cluster has its own). */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder scaler(Scaler v) {
      if (v == null) {
        throw new IllegalArgumentException("a trace replay needs a scaler");
      }
      scaler = v;
      return this;
    }

    /** The KPA's settings (default: Knative's, min scale 0). */
    public Builder kpa(TickingKpa v) {
      kpa = v;
      return this;
    }

    /** Cold start of every function's pods (default 1.5 s). */
    public Builder coldStart(Duration v) {
      if (v == null || v.isNegative()) {
        throw new IllegalArgumentException("cold start must be >= 0, was " + v);
      }
      coldStart = v;
      return this;
    }

    /** Per-call deadline (default 300 s, Knative's request timeout). */
    public Builder deadline(Duration v) {
      deadline = v;
      return this;
    }

    /** Evenly spaced calls inside each minute instead of random times. */
    public Builder evenArrivals(boolean v) {
      evenArrivals = v;
      return this;
    }

    /**
     * Seconds of the cluster's time that one trace minute lasts, 1..3600 (default 60): each minute
     * keeps its calls, so below 60 the load is denser by 60 / {@code v}.
     */
    public Builder minuteSeconds(double v) {
      if (!(v >= 1 && v <= 3600)) {
        throw new IllegalArgumentException("a trace minute must last 1..3600 s, was " + v);
      }
      minuteSeconds = v;
      return this;
    }

    /** The HPA's settings (default: Kubernetes', target 80% CPU, min 1 replica). */
    public Builder hpa(Hpa v) {
      if (v == null) {
        throw new IllegalArgumentException("hpa must not be null");
      }
      hpa = v;
      return this;
    }

    /**
     * Whether the cluster's own autoscaler scales the functions (a Knative cluster whose services
     * carry the KPA or HPA class): then the replay runs no scaler of its own and only issues the
     * calls, one step per minute (default false).
     */
    public Builder clusterScales(boolean v) {
      clusterScales = v;
      return this;
    }

    /** The trained agents {@link Scaler#DQN_MULTI} runs (required by it, ignored by the others). */
    public Builder agents(TraceAgents v) {
      agents = v;
      return this;
    }

    public TraceReplay build() {
      if (scaler == Scaler.DQN_MULTI && agents == null) {
        throw new IllegalArgumentException("the dqn-multi scaler needs trained agents (Builder.agents)");
      }
      if (scaler == Scaler.DQN_MULTI && clusterScales) {
        throw new IllegalArgumentException("the dqn-multi agents scale the functions themselves: not on a cluster "
            + "that scales by itself (clusterScales)");
      }
      if (scaler == Scaler.DQN_MULTI && functions.size() > TraceAgents.MAX_FUNCTIONS) {
        throw new IllegalArgumentException("--scaler dqn-multi scales at most " + TraceAgents.MAX_FUNCTIONS
            + " functions (one joint decision indexes 3^n actions), was " + functions.size()
            + ": choose fewer with --functions");
      }
      return new TraceReplay(this);
    }
  }
}
