package faasrl.replay;

import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
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
 * Replays trace functions on a cluster, one step per minute: each function is deployed with its
 * profile ({@link TraceFunction#spec}) at Knative's initial scale of one warm pod, then every
 * minute issues exactly the trace's calls ({@link MinuteArrivals}) while a scaler runs:
 * <ul>
 *   <li>{@link Scaler#KPA}: Knative's autoscaler deciding every 2 s, min scale 0 (scale to zero)
 *       ({@link TickingKpa}); needs the simulator;</li>
 *   <li>{@link Scaler#STATIC}: one pod per function all along (min scale = max scale = 1).</li>
 * </ul>
 *
 * <pre>{@code
 * List<TraceFunction> fs = AzureTrace.reader(inv, dur).functions(6).minutes(60).read();
 * try (SimulatedCluster c = Clusters.simulated().seed(7).start()) {
 *   List<MinuteRow> rows = TraceReplay.builder(fs).seed(7).build().run(c);
 * }
 * }</pre>
 */
public final class TraceReplay {
  /** Which scaler runs during the replay. */
  public enum Scaler { KPA, STATIC }

  /** Knative's default request timeout (revision timeoutSeconds): the activator holds a call this long. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(300);
  /** Cold start of a trace function's pod: a small Go function's, as the online-shop profiles measure it. */
  public static final Duration DEFAULT_COLD_START = Duration.ofMillis(1500);

  private final List<TraceFunction> functions;
  private final int firstMinute;
  private final long seed;
  private final Scaler scaler;
  private final TickingKpa kpa;
  private final Duration coldStart, deadline;
  private final boolean evenArrivals;

  private TraceReplay(Builder b) {
    functions = List.copyOf(b.functions);
    firstMinute = b.firstMinute;
    seed = b.seed;
    scaler = b.scaler;
    kpa = b.kpa;
    coldStart = b.coldStart;
    deadline = b.deadline;
    evenArrivals = b.evenArrivals;
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
    run(cluster, result -> rows.add(total(result.minute, result.step)));
    return rows;
  }

  /** Replays every minute and returns one row per minute and function, in the functions' order. */
  public List<MinuteRow> runByFunction(Cluster cluster) {
    List<MinuteRow> rows = new ArrayList<>();
    run(cluster, result -> {
      for (TraceFunction f : functions) {
        rows.add(row(result.minute, f.name(), List.of(result.step.function(f.name()))));
      }
    });
    return rows;
  }

  private record Minute(int minute, StepResult step) {}

  private void run(Cluster cluster, Consumer<Minute> each) {
    if (scaler == Scaler.KPA && !(cluster instanceof SimulatedCluster)) {
      throw new IllegalArgumentException("the KPA of a trace replay ticks inside the simulator: use --backend sim "
          + "(or --scaler static), not " + cluster.backend());
    }
    Map<String, LoadPattern> patterns = new LinkedHashMap<>();
    for (int i = 0; i < functions.size(); i++) {
      TraceFunction f = functions.get(i);
      cluster.deploy(f.spec(coldStart), ScalingConfig.defaults());
      MinuteArrivals a = f.arrivals(seed * 1_000_003L + f.row());
      patterns.put(f.name(), evenArrivals ? a.asUniform() : a);
    }
    cluster.awaitReady();
    if (scaler == Scaler.KPA) {
      kpa.attach((SimulatedCluster) cluster, functions.stream().map(TraceFunction::name).toList());
    }
    for (int m = 0; m < minutes(); m++) {
      Load load = new Load(patterns, Duration.ofSeconds(60), Duration.ofSeconds(60L * m), deadline, false);
      each.accept(new Minute(firstMinute + m, cluster.run(load)));
    }
  }

  private MinuteRow total(int minute, StepResult step) {
    List<FunctionMetrics> all = new ArrayList<>();
    for (TraceFunction f : functions) {
      all.add(step.function(f.name()));
    }
    return row(minute, MinuteRow.ALL, all);
  }

  private static MinuteRow row(int minute, String name, List<FunctionMetrics> ms) {
    Histogram h = FunctionMetrics.newHistogram();
    long issued = 0, completed = 0, failed = 0, inFlight = 0, cold = 0;
    int replicas = 0;
    double limit = 0;
    for (FunctionMetrics m : ms) {
      h.add(m.histogram());
      issued += m.issued();
      completed += m.completed();
      failed += m.failed();
      inFlight += m.inFlight();
      cold += m.coldStarts();
      replicas += m.readyReplicas();
      limit += m.cpuLimitCores();
    }
    double p50 = h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50);
    double p99 = h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99);
    return new MinuteRow(minute, name, issued, completed, failed, inFlight, p50, p99, cold, replicas, limit);
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

    public TraceReplay build() {
      return new TraceReplay(this);
    }
  }
}
