package faasrl.cli;

import faasrl.invoke.Endpoint;
import faasrl.invoke.H2load;
import faasrl.invoke.Invoker;
import faasrl.invoke.InvokerBenchmark;
import faasrl.invoke.LoopCore;
import faasrl.local.FunctionServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faasrl bench invoker}: the highest constant rate the open-loop invoker sustains against a
 * no-op gRPC server on this machine; last line {@code max_open_loop_rps=N}.
 */
@Command(name = "invoker", mixinStandardHelpOptions = true,
    description = {"Highest constant rate at which completed/asked >= 0.99 and the p99 send lag < 1 ms,",
        "against a no-op SayHello server (a separate JVM on 127.0.0.1 unless --endpoint is given).",
        "Last line: max_open_loop_rps=N"})
public final class BenchInvokerCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--seconds", defaultValue = "3", description = "Seconds per tried rate (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--max-rps", defaultValue = "60000", description = "Highest rate to try (default ${DEFAULT-VALUE}).")
  int maxRps;

  @Option(names = "--endpoint", description = "host:port of an already running no-op server.")
  String endpoint;

  @Option(names = "--rates", split = ",", description = "Try exactly these rates (e.g. 10000,20000) instead of "
      + "climbing the ladder.")
  List<Integer> rates;

  @Option(names = "--peer", description = "Also run this tool at every tried rate against the same server and "
      + "print both tools' rows side by side; one of: h2load (nghttp2-client).")
  String peer;

  @Option(names = "--no-pin", description = "Leave every thread where the kernel puts it. By default, on Linux with "
      + "two cores or more, the invoker's loop gets the last core to itself and everything else (this JVM's other "
      + "threads and the no-op server this command starts) runs on the rest.")
  boolean noPin;

  @Option(names = "--client", defaultValue = "frames", description = "The invoker's HTTP/2 client: frames "
      + "(requests as frames encoded ahead of time; default) or grpc-java (for comparison).")
  String client;

  @Override public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (peer != null && !peer.equals("h2load")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--peer must be h2load, was '" + peer + "'");
    }
    if (endpoint != null) {
      InvokeCommand.requireListening(Endpoint.parse(endpoint));
    }
    Invoker.Client http2 = switch (client) {
      case "frames" -> Invoker.Client.FRAMES;
      case "grpc-java" -> Invoker.Client.GRPC_JAVA;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--client must be frames or grpc-java, was '" + client + "'");
    };
    InvokerBenchmark bench = InvokerBenchmark.create().seconds(seconds).maxRps(maxRps).client(http2);
    if (rates != null) {
      bench.rates(rates);
    }
    Optional<LoopCore> core = noPin ? Optional.empty() : LoopCore.isolate();
    out.println("pinning: " + core.map(LoopCore::toString).orElse(noPin ? "off (--no-pin)" : "not possible here"));
    Process server = null;
    try {
      server = endpoint == null ? startNoopServer(core.map(LoopCore::othersPrefix).orElse(List.of())) : null;
      String target = server != null ? "127.0.0.1:" + readPort(server) : endpoint;
      List<InvokerBenchmark.Trial> trials = new ArrayList<>();
      int max = bench.run(target, t -> {
        trials.add(t);
        out.println(t);
        out.flush();
      });
      if (peer != null) {
        Optional<H2load> h2load = H2load.onPath();
        if (h2load.isEmpty()) {
          out.println("peer h2load: not on PATH, no peer rows (Debian: apt-get install nghttp2-client)");
        } else {
          core.ifPresent(LoopCore::close);   // h2load gets the loop's core, as the invoker had it
          H2load placed = h2load.get().prefixed(core.map(LoopCore::loopPrefix).orElse(List.of()));
          new PeerTable(out).print(trials, t -> placed.run(Endpoint.parse(target), t.rps(), seconds));
        }
      }
      out.println("max_open_loop_rps=" + max);
      return 0;
    } finally {
      core.ifPresent(LoopCore::close);
      if (server != null) {
        server.destroy();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    }
  }

  /**
   * A no-op FunctionServer in its own JVM, so that its garbage collection never pauses the invoker,
   * started behind {@code prefix} (e.g. a {@code taskset} that keeps it off the loop's core).
   */
  private static Process startNoopServer(List<String> prefix) throws IOException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), FunctionServer.class.getName(), "--function", "noop",
        "--port", "0"));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static int readPort(Process server) {
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null || !line.startsWith(FunctionServer.READY_LINE)) {
        throw new IllegalStateException("the no-op server did not start (it printed: " + line + ")");
      }
      return Integer.parseInt(line.substring(FunctionServer.READY_LINE.length()).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the no-op server's port: " + e.getMessage(), e);
    }
  }
}
