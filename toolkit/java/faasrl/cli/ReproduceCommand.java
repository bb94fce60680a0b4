package faasrl.cli;

import faasrl.experiment.Comparison;
import faasrl.experiment.PaperExperiments;
import faasrl.experiment.Report;
import faasrl.experiment.Setup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/** {@code faasrl reproduce}: the paper's experiments and the comparison, on any backend. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = {"Runs the paper's vertical (one function, then all nine) and horizontal experiments and the "
        + "comparison of DQN with KPA, HPA, VPA, static and oracle (on the simulated cluster unless --backend); "
        + "writes DIR/summary.md, CSVs and HTML figures, and prints the comparison table. On a real backend every "
        + "step takes --step-seconds: use --steps to shorten the run."})
public final class ReproduceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "Fewer training and evaluation steps (under 3 minutes).")
  boolean quick;

  @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "reproduce")
  Path out;

  @Option(names = "--seed", description = "Seed of clusters, environments and agents (default: ${DEFAULT-VALUE}).",
      defaultValue = "7")
  long seed;

  @Option(names = "--steps", paramLabel = "N", description = "Training steps of every agent (default: those of "
      + "--quick or the full run); evaluations then run max(12, N/4) steps.")
  Integer steps;

  @Mixin ExperimentOptions experiment;

  @Override public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Setup setup = experiment.apply(Setup.defaults().seed(seed));
    PaperExperiments.Sizes sizes = sizes();
    Files.createDirectories(out);
    Table comparison = Comparison.of(setup).trainingSteps(sizes.trainingSteps()).evalSteps(sizes.evalSteps())
        .run(out.resolve("comparison"), System.err);
    String paper = PaperExperiments.run(setup, sizes, out, System.err);
    String table = Report.markdown(comparison);
    double minutes = (System.nanoTime() - t0) / 60e9;
    String md = "# faasrl reproduce" + (quick ? " --quick" : "") + "\n\n"
        + String.format(Locale.ROOT, "Seed %d, %s, %s, p90 SLO %d ms, "
            + "%d training steps, %d evaluation steps of %.0f s; wall time %.1f min.%n", seed,
            experiment.backend.describe(), setup.function(),
            setup.slo().toMillis(), sizes.trainingSteps(), sizes.evalSteps(), setup.stepSeconds(), minutes)
        + "\n## Comparison\n" + table + "\n" + paper + Report.figuresMarkdown(out);
    Files.writeString(out.resolve("summary.md"), md);
    spec.commandLine().getOut().println(table);
    spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%.1f min)%n", out.resolve("summary.md"), minutes);
    return 0;
  }

  private PaperExperiments.Sizes sizes() {
    PaperExperiments.Sizes base = quick ? PaperExperiments.Sizes.quick() : PaperExperiments.Sizes.full();
    if (steps == null) {
      return base;
    }
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, was " + steps);
    }
    return new PaperExperiments.Sizes(steps, Math.max(12, steps / 4), steps, steps);
  }
}
