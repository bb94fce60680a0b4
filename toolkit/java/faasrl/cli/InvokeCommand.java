package faasrl.cli;

import faasrl.cluster.Cluster;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.Catalog;
import faasrl.invoke.Endpoint;
import faasrl.invoke.InvokeResult;
import faasrl.invoke.Invoker;
import faasrl.invoke.VhiveFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faasrl invoke}: open-loop load on gRPC endpoints (or on a function of a backend), printing
 * one result row as {@code simulate} does.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
    description = {"Open-loop SayHello load on real endpoints, round robin, on an absolute schedule.",
        "Without --endpoint, starts the --backend, deploys --function (and what it calls) and loads it instead."})
public final class InvokeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--endpoint", description = "host:port[,host:port...] of SayHello servers (instead of --backend).")
  String endpoints;

  @CommandLine.Mixin BackendOptions backend;

  @Option(names = "--function", description = "Function name (without --endpoint: the function to deploy on the "
      + "backend and load; with it: the row's label).")
  String function;

  @Option(names = "--rps", description = "Constant rate, requests per second.")
  Double rps;

  @Option(names = "--pattern", description = "Load pattern instead of --rps: poisson:R, step:R1:R2:T, "
      + "diurnal:MIN:MAX:PERIOD, bursty:BASE:BURST:EVERY:LEN, trace:FILE.")
  String pattern;

  @Option(names = "--seconds", required = true, description = "How long to send.")
  double seconds;

  @Option(names = "--deadline-ms", defaultValue = "10000", description = "Per-request deadline from the "
      + "intended send time (default ${DEFAULT-VALUE}).")
  long deadlineMs;

  @Option(names = "--warmup-seconds", defaultValue = "0", description = "Run the pattern this long first, "
      + "uncounted (default ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(names = "--max-in-flight", defaultValue = "" + Invoker.DEFAULT_MAX_IN_FLIGHT,
      description = "Requests outstanding at most; beyond it new ones fail (default ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = "--new-connection-per-request", description = "Open a connection per request, as vHive did.")
  boolean newConnectionPerRequest;

  @Option(names = "--drop-in-flight", description = "Stop at the end without awaiting replies, as vHive did.")
  boolean dropInFlight;

  @Option(names = "--latency-file", description = "Write completed latencies (us, one per line), vHive's format.")
  Path latencyFile;

  @Option(names = "--vhive", description = "Also print vHive's 'Issued / completed' and 'Real / target RPS' lines.")
  boolean vhive;

  @Option(names = "--cpu", defaultValue = "1000", description = "With --backend: CPU limit per replica, millicores.")
  int cpu;

  @Option(names = "--replicas", defaultValue = "1", description = "With --backend: replicas.")
  int replicas;

  @Option(names = "--seed", defaultValue = DefaultSeed.VALUE, description = "With --backend sim: random seed (default "
      + "${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--format", defaultValue = "table", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  RowFormat format;

  @Override public Integer call() {
    LoadPattern p = loadPattern();
    Duration deadline = Duration.ofMillis(FlagRanges.deadlineMs("--deadline-ms", deadlineMs));
    FlagRanges.stepSeconds("--seconds", seconds);
    StepResult step;
    PrintWriter out = spec.commandLine().getOut();
    if (endpoints != null) {
      if (backend.explicit()) {
        throw new IllegalArgumentException("give either --endpoint or --backend, not both");
      }
      List<Endpoint> targets = Endpoint.parseList(endpoints);
      targets.forEach(InvokeCommand::requireListening);
      InvokeResult r = Invoker.builder().endpoints(targets).pattern(p).seconds(seconds)
          .deadline(deadline).warmUp(Duration.ofNanos(Math.round(warmupSeconds * 1e9)))
          .maxInFlight(maxInFlight).newConnectionPerRequest(newConnectionPerRequest)
          .dropInFlightAtEnd(dropInFlight).keepLatencies(latencyFile != null).build().run();
      if (latencyFile != null) {
        r.writeVhiveLatencies(latencyFile);
      }
      if (vhive) {
        out.println(r.vhiveSummary());
      }
      step = r.step(function == null ? "invoke" : function, ScalingConfig.defaults());
    } else {
      if (function == null) {
        throw new IllegalArgumentException("give --endpoint HOST:PORT, or --function NAME to load on the --backend");
      }
      backend.validate();
      ScalingConfig config = ScalingConfig.defaults().cpuMillicores(cpu).replicas(replicas);
      try (Cluster cluster = backend.start(seed)) {
        BackendOptions.deploy(cluster, Catalog.onlineShop(), function, config);
        step = cluster.run(Load.of(function, p).seconds(seconds).deadline(deadline)
            .recordLatencies(latencyFile != null));
      }
      if (latencyFile != null) {
        VhiveFormat.writeLatencies(step.only().latenciesMicros(), latencyFile);
      }
    }
    format.print(step.table(), out, List.of());
    return 0;
  }

  /**
   * Fails with one message, before any load is sent, when nothing accepts a connection at {@code e}:
   * a mistyped port would otherwise give a run in which every request failed and nothing said why.
   */
  static void requireListening(Endpoint e) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(e.host(), e.port()), CONNECT_CHECK_MILLIS);
    } catch (IOException x) {
      throw new IllegalArgumentException("nothing accepts connections at --endpoint " + e + " (" + x.getMessage()
          + "); start a SayHello server there or correct the address");
    }
  }

  /** How long the check above waits for a connection. */
  static final int CONNECT_CHECK_MILLIS = 5000;

  private LoadPattern loadPattern() {
    if ((rps == null) == (pattern == null)) {
      throw new IllegalArgumentException("give exactly one of --rps R or --pattern SPEC");
    }
    if (rps != null) {
      FlagRanges.rps("--rps", rps);
    }
    return rps != null ? LoadPattern.constant(rps) : LoadPattern.parse(pattern);
  }
}
