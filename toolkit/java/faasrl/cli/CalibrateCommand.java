package faasrl.cli;

import faasrl.Clusters;
import faasrl.function.Catalog;
import faasrl.calibrate.Calibrator;
import faasrl.local.LocalCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faasrl calibrate --function NAME}: measures the function on the local backend at a few
 * loads and prints the simulator profile fitted to it (YAML, usable with {@code --profile}).
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = {"Measure a function on the local backend (real processes, cgroup CPU limit) at a few loads",
        "and fit its simulator profile: CPU per request from cpuacct, overhead from the measured medians,",
        "cold start as measured. Prints one line per load, then the fitted profile as YAML."})
public final class CalibrateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--function", required = true, description = "Online-shop function to measure.")
  String function;

  @Option(names = "--loads", split = ",", defaultValue = "50,150,300",
      description = "Poisson rates to measure at, ascending (default ${DEFAULT-VALUE}).")
  double[] loads;

  @Option(names = "--seconds", defaultValue = "5", description = "Seconds per load (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--cpu", defaultValue = "1000",
      description = "CPU limit of the replica, millicores (default ${DEFAULT-VALUE}).")
  int cpu;

  @Option(names = "--out", description = "Also write the fitted profile to this YAML file.")
  Path out;

  @Override public Integer call() {
    Catalog catalog = Catalog.onlineShop();
    catalog.get(function); // unknown names fail before anything starts
    try (LocalCluster local = Clusters.local().start()) {
      Calibrator.Calibration c = Calibrator.on(local).loads(loads).seconds(seconds).cpuMillicores(cpu)
          .calibrate(catalog, function);
      PrintWriter w = spec.commandLine().getOut();
      c.points().forEach(w::println);
      w.printf(java.util.Locale.ROOT, "mean_p90_error=%.3f (simulator with the fitted profile vs measured)%n",
          c.meanP90Error());
      w.println("# fitted profile (catalog: cpu mean " + Math.round(c.catalogSpec().cpu().mean()) + " us, overhead "
          + Math.round(c.catalogSpec().overheadMicros()) + " us)");
      w.print(c.toYaml());
      w.flush();
      if (out != null) {
        try {
          Files.writeString(out, c.toYaml());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
      }
    }
    return 0;
  }
}
