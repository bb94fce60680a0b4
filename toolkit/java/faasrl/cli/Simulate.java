package faasrl.cli;

import faasrl.cluster.LoadPattern;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code faasrl simulate}: one step of load on one function of a fresh, warm simulated cluster;
 * prints one row with the {@code StepTable} columns.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Runs one function under load on a fresh, warm cluster (the simulator unless --backend) and prints one result "
        + "row.",
        "Example: faasrl simulate --function adservice --rps 500 --seconds 10 --cpu 500 --format csv"})
final class Simulate implements Callable<Integer> {
  static final List<String> TEXT_COLUMNS = List.of("asked_rps", "completed_rps", "p50_us", "p90_us", "p99_us",
      "p999_us", "failed", "cpu_used_cores", "throttled_periods");

  @Spec CommandSpec spec;
  @Mixin SimOptions sim;

  @Option(names = "--rps", paramLabel = "R", description = "Asked requests per second, Poisson arrivals.")
  Double rps;

  @Option(names = "--pattern", paramLabel = "SPEC", description = "Instead of --rps: 500 (evenly spaced), "
      + "poisson:500, step:200:800:5, diurnal:100:900:60, bursty:100:800:20:5 or trace:FILE.csv")
  String pattern;

  @Override public Integer call() {
    LoadPattern p = pattern(rps, pattern);
    sim.validate();
    sim.format.print(sim.rows(List.of(sim.runOnce(p))), spec.commandLine().getOut(), TEXT_COLUMNS);
    return 0;
  }

  static LoadPattern pattern(Double rps, String pattern) {
    if ((rps == null) == (pattern == null)) {
      throw new IllegalArgumentException("give the load as either --rps R or --pattern SPEC");
    }
    if (rps != null) {
      return LoadPattern.poisson(FlagRanges.rps("--rps", rps));
    }
    return LoadPattern.parse(pattern);
  }
}
