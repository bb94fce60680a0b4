package faasrl.cli;

import faasrl.chain.ChainExperiment;
import faasrl.experiment.Seeds;
import faasrl.experiment.Setup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * {@code faasrl reproduce --experiment chain}: {@link ChainExperiment} on the checkout chain, with
 * reproduce's --quick, --seeds, --seed, --parallel, --steps and --out; writes {@code DIR/summary.md},
 * {@code DIR/chain.csv} and per-step logs, and prints the tables.
 */
final class ChainReproduction {
  /** Training steps per hop, the same with --quick (as the paper experiments' --quick keeps their training). */
  static final int TRAINING_STEPS = 1600;
  /** Evaluation steps in the full run and with --quick. */
  static final int FULL_EVAL_STEPS = 60, QUICK_EVAL_STEPS = 30;

  private final boolean quick;
  private final Path out;
  private final Seeds split;
  private final int parallel;
  private final Integer steps;
  private final ExperimentOptions experiment;

  /** Options already checked by {@link ReproduceCommand}: seeds, threads, and --steps (null when not given). */
  ChainReproduction(boolean quick, Path out, Seeds split, int parallel, Integer steps, ExperimentOptions experiment) {
    this.quick = quick;
    this.out = out;
    this.split = split;
    this.parallel = parallel;
    this.steps = steps;
    this.experiment = experiment;
  }

  int run(PrintWriter stdout) throws IOException {
    long t0 = System.nanoTime();
    Setup setup = experiment.apply(Setup.defaults().seed(split.base()));
    OutputChecks.directory("--out", out);
    int training = steps != null ? steps : TRAINING_STEPS;
    int eval = steps != null ? Math.max(12, steps / 4) : quick ? QUICK_EVAL_STEPS : FULL_EVAL_STEPS;
    ChainExperiment ex = ChainExperiment.of(setup).trainingSteps(training).evalSteps(eval).parallel(parallel);
    Table rows = ex.run(split, out, System.err);
    boolean interval = !quick && split.count() > 1;
    String tables = ChainExperiment.markdown(rows, interval);
    double minutes = (System.nanoTime() - t0) / 60e9;
    String md = "# faasrl reproduce --experiment chain" + (quick ? " --quick" : "") + "\n\n"
        + String.format(Locale.ROOT, "The checkout chain (checkoutservice calling six functions), load on "
            + "checkoutservice, end-to-end p90 SLO %d ms; seeds %s (evaluated on %s), %s, %d training steps per hop, "
            + "%d evaluation steps of %.0f s on each workload; wall time %.1f min.%n%n", ex.slo().toMillis(),
            split.trainingSeeds(), split.evaluationSeeds(), experiment.backend.describe(), training, eval,
            setup.stepSeconds(), minutes)
        + "Mean over the seeds" + (interval ? " ± half-width of the 95% t-interval" : "") + "; e2e p90 is the median "
        + "over steps, CPU the mean over steps of all seven functions' allocated cores. Per-seed rows in "
        + "`chain.csv`, per-step logs in `seed-<seed>/<workload>/<agent>/steps.csv`.\n" + tables;
    Files.writeString(out.resolve("summary.md"), md);
    stdout.println(tables);
    stdout.printf(Locale.ROOT, "wrote %s (%.1f min)%n", out.resolve("summary.md"), minutes);
    return 0;
  }
}
