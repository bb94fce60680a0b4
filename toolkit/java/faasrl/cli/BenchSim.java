package faasrl.cli;

import faasrl.sim.SimBenchmark;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code faasrl bench sim}: simulator speed on the fixed scenario of {@link SimBenchmark}; the last
 * line is {@code simulated_requests_per_second=<N>}. The simulation runs on one thread.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = {"Simulated requests per wall-clock second: nine online-shop functions, 4 workers,",
        "1000 RPS each for 10 simulated seconds (median of --runs runs after a warm-up).",
        "For strictly one core: taskset -c 0 faasrl bench sim"})
final class BenchSim implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--runs", defaultValue = "20", description = "Measured runs (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup-seconds", defaultValue = "3",
      description = "Wall seconds of JIT warm-up first (default ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--quiet", description = "Print only the result lines.")
  boolean quiet;

  @Override public Integer call() {
    SimBenchmark.checkArguments(warmup, runs);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("scenario: %d functions x %.0f RPS (Poisson), %.0f simulated s, %d workers, %s each%n",
        9, SimBenchmark.RPS, SimBenchmark.SECONDS, SimBenchmark.WORKERS, SimBenchmark.CONFIG);
    out.flush();
    SimBenchmark.Result r = SimBenchmark.run(warmup, runs, line -> {
      if (!quiet) {
        out.println(line);
        out.flush();
      }
    });
    out.printf("median run: %.1f ms for %d simulated requests (%d client requests + %d downstream calls)%n",
        r.medianRunMillis(), r.requestsPerRun(), r.clientRequestsPerRun(),
        r.requestsPerRun() - r.clientRequestsPerRun());
    out.printf("simulated_requests_per_cpu_second=%.0f%n", r.requestsPerCpuSecond());
    out.printf("client_requests_per_second=%.0f%n", r.clientRequestsPerSecond());
    out.printf("simulated_requests_per_second=%.0f%n", r.requestsPerSecond());
    out.flush();
    return 0;
  }
}
