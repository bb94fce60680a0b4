package faasrl.cli;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.knative.ProfileServices;
import faasrl.trace.AzureTrace;
import faasrl.replay.MinuteRow;
import faasrl.trace.TraceFunction;
import faasrl.replay.TickingKpa;
import faasrl.replay.TraceReplay;
import faasrl.replay.TraceAgents;
import faasrl.replay.TrainingWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code faasrl trace replay}: replays functions of an Azure Functions trace on a cluster (simulated,
 * local processes or Knative), one row per minute.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replays functions of an Azure Functions 2019 trace, minute by minute, and prints one row per "
        + "minute: calls issued (exactly the trace's), completed, failed, latency, cold starts, ready pods.",
        "On --backend sim minutes are simulated (a day in seconds). On --backend local (one function-server process "
        + "per pod, busy on the CPU as the function's durations say) and --backend knative (a Knative service per "
        + "function) minutes run in REAL TIME: use --minute-seconds to play each minute faster.",
        "Example: faasrl trace replay --invocations inv.csv --durations dur.csv --functions 6 --minutes 60",
        "Example: faasrl trace replay --invocations inv.csv --durations dur.csv --functions 2 --minutes 5 "
            + "--backend local --scaler hpa --minute-seconds 10",
        "--scaler dqn-multi: one DQN agent per function (a shared network, faasrl.rl.PerFunctionDqn) moves its "
            + "replicas by -1/0/+1 every 10 s of the cluster's time, greedily, 1.." + TraceAgents.MAX_REPLICAS
            + " one-core pods per function (it never scales to zero). First the agents train on the simulator on the "
            + "same functions' calls from minutes OUTSIDE the replayed window (those just before --from if there are "
            + "enough, else those after the window), never the replayed ones; or --agent DIR loads agents saved with "
            + "--save-agent DIR. Each function's p90 SLO is twice its p90 duration. On --backend sim or local.",
        "Example: faasrl trace replay --invocations inv.csv --durations dur.csv --functions 6 --minutes 60 "
            + "--from 481 --scaler dqn-multi --train-steps 600 --save-agent agents"})
final class TraceReplayCommand implements Callable<Integer> {
  static final List<String> SCALERS = List.of("kpa", "hpa", "dqn-multi", "static");

  @Spec CommandSpec spec;

  @Option(names = "--invocations", required = true, paramLabel = "FILE",
      description = "Calls per minute: HashOwner,HashApp,HashFunction,Trigger,1..1440.")
  Path invocations;

  @Option(names = "--durations", required = true, paramLabel = "FILE",
      description = "Duration percentiles in ms: HashOwner,HashApp,HashFunction,...,percentile_Average_0..100.")
  Path durations;

  @Option(names = "--memory", paramLabel = "FILE",
      description = "Optional memory file: HashOwner,HashApp[,HashFunction],...,AverageAllocatedMb,...")
  Path memory;

  @Option(names = "--functions", paramLabel = "N",
      description = "Functions to replay (default: every function called in the window).")
  Integer functions;

  @Option(names = "--select", paramLabel = "HOW", defaultValue = "sample",
      description = "How --functions picks: sample (seeded) or top (most calls in the window) (default ${DEFAULT-VALUE}).")
  String select;

  @Option(names = "--minutes", paramLabel = "M", description = "Minutes to replay (default: to the trace's end).")
  Integer minutes;

  @Option(names = "--from", paramLabel = "MIN", defaultValue = "1",
      description = "First minute, as the trace's columns count (1..1440) (default ${DEFAULT-VALUE}).")
  int from;

  @Option(names = "--seed", paramLabel = "S", defaultValue = DefaultSeed.VALUE,
      description = "Seed of the sample, the arrival times and the simulator (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--scaler", paramLabel = "NAME", defaultValue = "kpa",
      description = "kpa (Knative's, 2 s ticks, scale to zero on sim and knative), hpa (Kubernetes', CPU target 80%, "
          + "15 s sync, min 1 pod), dqn-multi (one DQN agent per function, every 10 s, 1.." + TraceAgents.MAX_REPLICAS
          + " pods, trained first: see above), static (one pod each) (default ${DEFAULT-VALUE}).")
  String scaler;

  @Option(names = "--train-steps", paramLabel = "N",
      description = "dqn-multi: training steps of 10 s on minutes outside the window, 1..1000000 (default "
          + TraceAgents.DEFAULT_STEPS + ": 6 functions train in about a minute on 2 cores).")
  Integer trainSteps;

  @Option(names = "--agent", paramLabel = "DIR",
      description = "dqn-multi: load agents saved with --save-agent instead of training.")
  Path agentDir;

  @Option(names = "--save-agent", paramLabel = "DIR", description = "dqn-multi: save the agents into DIR.")
  Path saveAgent;

  @Option(names = "--min-scale", paramLabel = "N", defaultValue = "0",
      description = "kpa: fewest pods per function; 0 lets idle functions scale to zero (default ${DEFAULT-VALUE}).")
  int minScale;

  @Option(names = "--arrivals", paramLabel = "HOW", defaultValue = "random",
      description = "Times of a minute's calls: random (uniform, Poisson given the count) or even "
          + "(default ${DEFAULT-VALUE}).")
  String arrivals;

  @Option(names = "--cold-start-ms", paramLabel = "MS", defaultValue = "1500",
      description = "sim: cold start of a pod (default ${DEFAULT-VALUE}; real backends have their own).")
  long coldStartMs;

  @Option(names = "--minute-seconds", paramLabel = "S", defaultValue = "60",
      description = "Seconds each trace minute lasts, 1..3600, with all its calls: below 60 the load is 60/S times "
          + "denser (default ${DEFAULT-VALUE}).")
  double minuteSeconds;

  @Option(names = "--image", paramLabel = "IMAGE",
      description = "knative: the busy-loop function image (default " + ProfileServices.DEFAULT_IMAGE
          + ", built from faasrl.jar as docs/traces.md shows).")
  String image;

  @Option(names = "--by-function", description = "One row per minute and function instead of per minute.")
  boolean byFunction;

  @Mixin BackendOptions backend;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  RowFormat format;

  @Override public Integer call() {
    TraceReplay.Scaler s = scaler();
    AzureTrace.Select how = select();
    checkAgentOptions(s);
    backend.validate();
    if (!(minuteSeconds >= 1 && minuteSeconds <= 3600)) {
      throw new IllegalArgumentException("--minute-seconds must be 1..3600, was " + minuteSeconds);
    }
    if (image != null && !backend.name().equals("knative")) {
      throw new IllegalArgumentException("--image is for --backend knative, not " + backend.name());
    }
    ProfileServices services = backend.name().equals("knative") ? profileServices(s) : null;
    if (!arrivals.equals("random") && !arrivals.equals("even")) {
      throw new IllegalArgumentException("--arrivals must be random or even, was '" + arrivals + "'");
    }
    if (coldStartMs < 0 || coldStartMs > 3_600_000) {
      throw new IllegalArgumentException("--cold-start-ms must be 0..3600000, was " + coldStartMs);
    }
    if (minScale < 0 || minScale > 1000) {
      throw new IllegalArgumentException("--min-scale must be 0..1000, was " + minScale);
    }
    TickingKpa kpa = TickingKpa.builder().minScale(minScale).build();
    if (functions != null && functions < 1) {
      throw new IllegalArgumentException("--functions must be >= 1, was " + functions);
    }
    if (minutes != null && minutes < 1) {
      throw new IllegalArgumentException("--minutes must be >= 1, was " + minutes);
    }
    requireFile("--invocations", invocations);
    requireFile("--durations", durations);
    if (memory != null) {
      requireFile("--memory", memory);
    }
    List<TraceFunction> fs = AzureTrace.reader(invocations, durations).memory(memory)
        .functions(functions == null ? 0 : functions).select(how).from(from).minutes(minutes == null ? 0 : minutes)
        .seed(seed).read();
    if (fs.isEmpty()) {
      throw new IllegalArgumentException(invocations + ": no function with a durations row is called in minutes "
          + from + ".." + (minutes == null ? "the end" : Integer.toString(from + minutes - 1)));
    }
    TraceAgents agents = s == TraceReplay.Scaler.DQN_MULTI ? agents(fs) : null;
    TraceReplay replay = TraceReplay.builder(fs).firstMinute(from).seed(seed).scaler(s).kpa(kpa).agents(agents)
        .coldStart(Duration.ofMillis(coldStartMs)).evenArrivals(arrivals.equals("even")).minuteSeconds(minuteSeconds)
        .clusterScales(services != null).build();
    List<MinuteRow> rows;
    try (Cluster c = start(services)) {
      rows = byFunction ? replay.runByFunction(c) : replay.run(c);
    }
    format.print(table(rows), spec.commandLine().getOut(), List.of());
    return 0;
  }

  private TraceReplay.Scaler scaler() {
    return switch (scaler) {
      case "kpa" -> TraceReplay.Scaler.KPA;
      case "static" -> TraceReplay.Scaler.STATIC;
      case "hpa" -> TraceReplay.Scaler.HPA;
      case "dqn-multi" -> TraceReplay.Scaler.DQN_MULTI;
      default -> throw new IllegalArgumentException("--scaler must be one of " + String.join("|", SCALERS)
          + ", was '" + scaler + "'");
    };
  }

  /** The dqn-multi options: only with that scaler, on a backend it can scale, trained or loaded, not both. */
  private void checkAgentOptions(TraceReplay.Scaler s) {
    if (s != TraceReplay.Scaler.DQN_MULTI) {
      if (trainSteps != null || agentDir != null || saveAgent != null) {
        throw new IllegalArgumentException("--train-steps, --agent and --save-agent are for --scaler dqn-multi, not "
            + scaler);
      }
      return;
    }
    if (backend.name().equals("knative")) {
      throw new IllegalArgumentException("--scaler dqn-multi runs on --backend sim or local (the agents scale the pods "
          + "between steps themselves); on knative, whose own autoscaler scales the services, use kpa, hpa or static");
    }
    if (agentDir != null && trainSteps != null) {
      throw new IllegalArgumentException("--agent DIR loads trained agents and --train-steps trains new ones: give "
          + "one of the two");
    }
    if (trainSteps != null && (trainSteps < 1 || trainSteps > 1_000_000)) {
      throw new IllegalArgumentException("--train-steps must be 1..1000000, was " + trainSteps);
    }
    if (agentDir != null && !Files.isDirectory(agentDir)) {
      throw new IllegalArgumentException("--agent " + agentDir + ": no such directory");
    }
    if (functions != null && functions > TraceAgents.MAX_FUNCTIONS) {
      throw new IllegalArgumentException("--scaler dqn-multi scales at most " + TraceAgents.MAX_FUNCTIONS
          + " functions (one joint decision indexes 3^n actions), was --functions " + functions);
    }
  }

  /**
   * The dqn-multi agents: loaded from --agent, or trained on the simulator on the replayed functions'
   * calls from minutes outside the window ({@link TrainingWindow}); saved to --save-agent if given.
   */
  private TraceAgents agents(List<TraceFunction> fs) {
    if (fs.size() > TraceAgents.MAX_FUNCTIONS) {
      throw new IllegalArgumentException("--scaler dqn-multi scales at most " + TraceAgents.MAX_FUNCTIONS
          + " functions (one joint decision indexes 3^n actions), and the window calls " + fs.size()
          + ": choose fewer with --functions");
    }
    PrintWriter err = spec.commandLine().getErr();
    TraceAgents agents;
    if (agentDir != null) {
      try {
        agents = TraceAgents.load(agentDir);
      } catch (IOException e) {
        throw new IllegalArgumentException("--agent " + agentDir + ": cannot read the saved agents (" + e.getMessage()
            + ")");
      }
      err.println("faasrl: dqn-multi: agents loaded from " + agentDir);
    } else {
      int steps = trainSteps == null ? TraceAgents.DEFAULT_STEPS : trainSteps;
      Map<Long, int[]> day = AzureTrace.wholeRows(invocations, fs.stream().map(TraceFunction::row).toList());
      int traceMinutes = day.values().iterator().next().length;
      TrainingWindow w = TrainingWindow.choose(from, fs.get(0).counts().length, traceMinutes,
          TraceAgents.minutesFor(steps));
      List<TraceFunction> training = fs.stream().map(f -> f.withCounts(w.cut(day.get(f.row())))).toList();
      err.printf(Locale.ROOT, "faasrl: dqn-multi: training %d agents (one shared network) for %d steps of %d s on "
          + "the simulator, on trace %s (the replay: minutes %d..%d)%s%n", fs.size(), steps, TraceAgents.STEP_SECONDS,
          w, from, from + fs.get(0).counts().length - 1,
          w.minutes() < TraceAgents.minutesFor(steps) ? ", repeated" : "");
      err.flush();
      agents = TraceAgents.trainer().steps(steps).seed(seed).coldStart(Duration.ofMillis(coldStartMs))
          .clusters(backend.simulated()).progress(System.err).train(training);
    }
    if (saveAgent != null) {
      try {
        agents.save(saveAgent);
      } catch (IOException e) {
        throw new UncheckedIOException("--save-agent " + saveAgent + ": " + e.getMessage(), e);
      }
      err.println("faasrl: dqn-multi: agents saved to " + saveAgent);
    }
    return agents;
  }

  private AzureTrace.Select select() {
    return switch (select) {
      case "sample" -> AzureTrace.Select.SAMPLE;
      case "top" -> AzureTrace.Select.TOP;
      default -> throw new IllegalArgumentException("--select must be sample or top, was '" + select + "'");
    };
  }

  /** Knative's own autoscaler scales the services, as the scaler asks. */
  private ProfileServices profileServices(TraceReplay.Scaler s) {
    ProfileServices.Builder b = ProfileServices.builder().minScale(minScale).autoscaler(switch (s) {
      case KPA -> ProfileServices.Autoscaler.KPA;
      case HPA -> ProfileServices.Autoscaler.HPA;
      case STATIC -> ProfileServices.Autoscaler.FIXED;
      case DQN_MULTI -> throw new IllegalArgumentException("--scaler dqn-multi does not run on --backend knative");
    });
    return image == null ? b.build() : b.image(image).build();
  }

  private Cluster start(ProfileServices services) {
    return switch (backend.name()) {
      case "local" -> {
        if (scaler.equals("kpa") && minScale == 0) {
          spec.commandLine().getErr().println("faasrl: local backend: no activator holds calls while a pod starts, "
              + "so the KPA keeps at least one pod (min scale 1, not 0)");
        }
        yield Clusters.local().seed(seed).profileFunctions(true).start();
      }
      case "knative" -> backend.knative.builder().services(services).start();
      default -> backend.start(seed);
    };
  }

  private static void requireFile(String flag, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(flag + " " + file + ": no such file");
    }
  }

  static Table table(List<MinuteRow> rows) {
    Table t = Table.create("trace replay");
    IntColumn minute = IntColumn.create("minute");
    StringColumn function = StringColumn.create("function");
    LongColumn issued = LongColumn.create("issued"), completed = LongColumn.create("completed"),
        failed = LongColumn.create("failed"), inFlight = LongColumn.create("in_flight"),
        cold = LongColumn.create("cold_starts");
    DoubleColumn p50 = DoubleColumn.create("p50_us"), p99 = DoubleColumn.create("p99_us"),
        limit = DoubleColumn.create("cpu_limit_cores");
    IntColumn replicas = IntColumn.create("replicas");
    boolean perFunction = rows.stream().anyMatch(r -> !r.function().equals(MinuteRow.ALL));
    for (MinuteRow r : rows) {
      minute.append(r.minute());
      function.append(r.function());
      issued.append(r.issued());
      completed.append(r.completed());
      failed.append(r.failed());
      inFlight.append(r.inFlight());
      p50.append(r.p50Micros());
      p99.append(r.p99Micros());
      cold.append(r.coldStarts());
      replicas.append(r.replicas());
      limit.append(Math.round(r.cpuLimitCores() * 1000) / 1000.0);
    }
    t.addColumns(minute);
    if (perFunction) {
      t.addColumns(function);
    }
    t.addColumns(issued, completed, failed, inFlight, p50, p99, cold, replicas, limit);
    return t;
  }
}
