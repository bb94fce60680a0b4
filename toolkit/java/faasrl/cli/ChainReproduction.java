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
  private final long seed;
  private final Integer seeds, parallel, steps;
  private final ExperimentOptions experiment;

  ChainReproduction(boolean quick, Path out, long seed, Integer seeds, Integer parallel, Integer steps,
      ExperimentOptions experiment) {
    this.quick = quick;
    this.out = out;
    this.seed = seed;
    this.seeds = seeds;
    this.parallel = parallel;
    this.steps = steps;
    this.experiment = experiment;
  }

  int run(PrintWriter stdout) throws IOException {
    long t0 = System.nanoTime();
    int n = seeds != null ? seeds : quick ? 3 : 5;
    if (n < 1 || n > Seeds.MAX_COUNT) {
      throw new IllegalArgumentException("--seeds must be 1.." + Seeds.MAX_COUNT + ", was " + n);
    }
    if (parallel != null && parallel < 1) {
      throw new IllegalArgumentException("--parallel must be >= 1, was " + parallel);
    }
    if (steps != null && steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, was " + steps);
    }
    Seeds split = new Seeds(seed, n);
    Setup setup = experiment.apply(Setup.defaults().seed(seed));
    OutputChecks.directory("--out", out);
    int training = steps != null ? steps : TRAINING_STEPS;
    int eval = steps != null ? Math.max(12, steps / 4) : quick ? QUICK_EVAL_STEPS : FULL_EVAL_STEPS;
    ChainExperiment ex = ChainExperiment.of(setup).trainingSteps(training).evalSteps(eval);
    if (parallel != null) {
      ex = ex.parallel(parallel);
    }
    Table rows = ex.run(split, out, System.err);
    boolean interval = !quick && n > 1;
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
