package faasrl.cli;

import faasrl.Clusters;
import faasrl.function.Catalog;
import faasrl.calibrate.Calibrator;
import faasrl.local.LocalCluster;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faasrl bench sim-vs-local}: how closely the simulator's p90 follows real replicas. Each
 * function is calibrated on the local backend, then the simulator with the fitted profile is run at
 * the same loads. The error depends on how much CPU the machine leaves the replicas, so it is a
 * measurement, not a test: run it on a quiet machine.
 */
@Command(name = "sim-vs-local", mixinStandardHelpOptions = true,
    description = {"Calibrates each function on the local backend (real processes, cgroup CPU limit), then prints,",
        "per load, the measured p50/p90/p99 beside the simulator's p90 with the fitted profile, and the mean",
        "relative p90 error per function. Depends on the machine's load: run it on a quiet machine."})
public final class BenchSimVersusLocal implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--functions", split = ",", defaultValue = "currencyservice,emailservice",
      description = "Online-shop functions to compare (default ${DEFAULT-VALUE}).")
  List<String> functions;

  @Option(names = "--loads", split = ",", defaultValue = "50,150,300",
      description = "Poisson rates, ascending (default ${DEFAULT-VALUE}).")
  double[] loads;

  @Option(names = "--seconds", defaultValue = "4", description = "Seconds per load (default ${DEFAULT-VALUE}).")
  double seconds;

  @Override public Integer call() {
    Catalog catalog = Catalog.onlineShop();
    functions.forEach(catalog::get); // unknown names fail before any process starts
    PrintWriter out = spec.commandLine().getOut();
    out.println("function,rps,local_p50_us,local_p90_us,local_p99_us,sim_p90_us,p90_error,cpu_used_cores,failed");
    try (LocalCluster local = Clusters.local().start()) {
      for (String function : functions) {
        Calibrator.Calibration c = Calibrator.on(local).loads(loads).seconds(seconds).calibrate(catalog, function);
        for (Calibrator.Point p : c.points()) {
          out.printf(Locale.ROOT, "%s,%.0f,%.0f,%.0f,%.0f,%.0f,%.3f,%.3f,%d%n", function, p.rps(),
              p.metrics().p50Micros(), p.metrics().p90Micros(), p.metrics().p99Micros(), p.simP90Micros(),
              p.p90Error(), p.metrics().cpuUsedCores(), p.metrics().failed());
        }
        out.printf(Locale.ROOT, "# %s mean_p90_error=%.3f%n", function, c.meanP90Error());
        out.flush();
        local.remove(function);
      }
    }
    return 0;
  }
}
