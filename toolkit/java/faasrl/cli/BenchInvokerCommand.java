package faasrl.cli;

import faasrl.invoke.InvokerBenchmark;
import faasrl.local.FunctionServer;
import faasrl.local.shop.Downstream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faasrl bench invoker}: the highest constant rate the open-loop invoker sustains against a
 * no-op gRPC server on this machine; last line {@code max_open_loop_rps=N}.
 */
@Command(name = "invoker", mixinStandardHelpOptions = true,
    description = {"Highest constant rate at which completed/asked >= 0.99 and the p99 send lag < 1 ms,",
        "against a no-op SayHello server (started in this JVM unless --endpoint is given).",
        "Last line: max_open_loop_rps=N"})
public final class BenchInvokerCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--seconds", defaultValue = "3", description = "Seconds per tried rate (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--max-rps", defaultValue = "60000", description = "Highest rate to try (default ${DEFAULT-VALUE}).")
  int maxRps;

  @Option(names = "--endpoint", description = "host:port of an already running no-op server.")
  String endpoint;

  @Override public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    FunctionServer server = endpoint == null ? FunctionServer.start("noop", 0, 0, Downstream.none()) : null;
    try {
      String target = endpoint != null ? endpoint : "127.0.0.1:" + server.port();
      int max = InvokerBenchmark.against(target).seconds(seconds).maxRps(maxRps).run(t -> {
        out.println(t);
        out.flush();
      });
      out.println("max_open_loop_rps=" + max);
      return 0;
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
