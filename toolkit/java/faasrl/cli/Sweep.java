package faasrl.cli;

import faasrl.cluster.LoadPattern;
import faasrl.cluster.StepResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tech.tablesaw.api.Table;

/**
 * {@code faasrl sweep}: latency against asked RPS (the paper's Figure 1 kind of data), one fresh warm
 * cluster per point with the same seed; one row per RPS with the {@code StepTable} columns.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Sweeps asked RPS on one function, a fresh warm cluster per point (the simulator unless --backend): one row "
        + "per RPS.",
        "Example: faasrl sweep --function adservice --rps 100:1100:100 --format csv --output sweep.csv"})
final class Sweep implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SimOptions sim;

  @Option(names = "--rps", required = true, paramLabel = "RANGE",
      description = "FROM:TO:STEP (TO excluded, as 100:1100:100 gives 100..1000), or a list 100,200,500.")
  String rps;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Also write the rows as CSV to FILE, each as soon as its point has run.")
  Path output;

  @Override public Integer call() throws IOException {
    double[] points = parseRange(rps);
    sim.validate();
    // opened before the first point: an unwritable FILE fails now, not after the whole sweep
    try (BufferedWriter csv = output == null ? null : open(output)) {
      List<StepResult> steps = new ArrayList<>();
      for (double r : points) {
        StepResult step = sim.runOnce(LoadPattern.poisson(r));
        steps.add(step);
        if (csv != null) {
          append(csv, sim.rows(List.of(step)), steps.size() == 1);
        }
      }
      sim.format.print(sim.rows(steps), spec.commandLine().getOut(), Simulate.TEXT_COLUMNS);
    }
    return 0;
  }

  private static BufferedWriter open(Path file) {
    try {
      return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("--output " + file + " cannot be written: " + OutputChecks.reason(e), e);
    }
  }

  /** One point's row (with the header first), flushed so that a sweep cut short keeps its rows. */
  private void append(BufferedWriter csv, Table row, boolean withHeader) {
    String text = RowFormat.csv(row);
    try {
      csv.write(withHeader ? text : text.substring(text.indexOf('\n') + 1));
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write --output " + output + ": " + OutputChecks.reason(e), e);
    }
  }

  /** {@code FROM:TO:STEP} with TO excluded, or a comma list; every value > 0. */
  static double[] parseRange(String spec) {
    String s = spec.trim();
    double[] out;
    try {
      if (s.contains(":")) {
        String[] p = s.split(":");
        if (p.length != 3) {
          throw new NumberFormatException();
        }
        double from = Double.parseDouble(p[0]);
        double to = Double.parseDouble(p[1]);
        double step = Double.parseDouble(p[2]);
        if (!(step > 0) || !(to > from)) {
          throw new IllegalArgumentException("--rps range " + spec + " must have STEP > 0 and TO > FROM");
        }
        int n = (int) Math.ceil((to - from) / step - 1e-9);
        if (n > 10_000) {
          throw new IllegalArgumentException("--rps range " + spec + " has " + n + " points; at most 10000");
        }
        out = new double[n];
        for (int i = 0; i < n; i++) {
          out[i] = from + i * step;
        }
      } else {
        String[] p = s.split(",");
        out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
          out[i] = Double.parseDouble(p[i].trim());
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--rps must be FROM:TO:STEP or a list like 100,200,500, was '"
          + spec + "'");
    }
    for (double v : out) {
      FlagRanges.rps("--rps values", v);
    }
    return out;
  }
}
