package faasrl.cli;

import faasrl.experiment.Comparison;
import faasrl.experiment.Formulation;
import faasrl.experiment.MultiAgentShop;
import faasrl.experiment.PaperExperiments;
import faasrl.experiment.Report;
import faasrl.experiment.SeedRuns;
import faasrl.experiment.Seeds;
import faasrl.experiment.Setup;
import faasrl.rl.BlasKernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/** {@code faasrl reproduce}: the paper's experiments and the comparison, on any backend. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = {"Runs the comparison of DQN and RL4J with KPA, HPA, VPA (defaults and tuned), static and oracle "
        + "on four workloads, and the horizontal experiment (DQN, KPA, HPA on three functions), on --seeds "
        + "replicates in parallel, then the paper's vertical experiments (one function, then all nine) on the "
        + "first seed (on the simulated cluster unless --backend); writes DIR/summary.md, CSVs and HTML figures, "
        + "and prints the comparison tables. On a real backend every step takes --step-seconds: use --steps to "
        + "shorten the run.",
        "Seed split: replicate r trains, and tunes the tuned baselines on training rates, with seed --seed + r; it "
        + "is evaluated on seed --seed + r + 1000000000, which no training run uses.",
        "Formulations: faasrl (default): " + "normalised state, CPU x0.75/x0.9/held/x1.1/x1.25/x2/x3, SLO-cost reward; paper: the "
        + "paper's raw state, CPU -30/0/+30m, its reward and termination, reset 100m/500Mi/1 replica, U[10,250] "
        + "RPS per training episode and its DQN. summary.md names the one used.",
        "Experiments (--experiment): paper (default): all of the above; multi-agent: the nine online-shop functions "
        + "scaled horizontally under a replayed trace, one DQN agent per function (shared network) against one joint "
        + "DQN, KPA and HPA (docs/multi-agent.md)."})
public final class ReproduceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "3 seeds, shorter evaluations and, in the paper's experiments, a quarter of the vertical DQN's training (about 2.5 minutes on an idle 2-core machine; the full run, eight times the training, half of it on constant loads, takes about 15).")
  boolean quick;

  @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "reproduce")
  Path out;

  @Option(names = "--seed", description = "First replicate's training seed (default: ${DEFAULT-VALUE}).",
      defaultValue = DefaultSeed.VALUE)
  long seed;

  @Option(names = "--seeds", paramLabel = "N", description = "Replicates, each trained and evaluated on its own "
      + "seeds; tables give the mean (with a 95%% t-interval in the full run) (default: 3 with --quick, else 5).")
  Integer seeds;

  @Option(names = "--parallel", paramLabel = "N", description = "Replicates run at once, one thread each; "
      + "above 1 the nine-function experiment runs beside them in one more (default: available processors).")
  Integer parallel;

  @Option(names = "--formulation", paramLabel = "NAME", defaultValue = "faasrl",
      description = "faasrl or paper: the agents' state, actions, reward, termination, reset, training load and DQN "
          + "hyper-parameters (default: ${DEFAULT-VALUE}).")
  String formulation;

  @Option(names = "--steps", paramLabel = "N", description = "Training steps of every agent (default: those of "
      + "--quick or the full run); evaluations then run max(12, N/4) steps.")
  Integer steps;

  @Option(names = "--experiment", paramLabel = "NAME", defaultValue = "paper",
      description = "paper: the comparison and the paper's experiments (above); multi-agent: one agent per function "
          + "on the whole online-shop under a trace, against a joint agent, KPA and HPA (see docs/multi-agent.md); "
          + "chain: the checkout chain, per-hop DQNs with split SLOs against a critical-path-aware agent, KPA and HPA "
          + "(see docs/chains.md) (default: ${DEFAULT-VALUE}).")
  String experimentName;

  @Option(names = "--networks", paramLabel = "HOW",
      description = "multi-agent: shared (one network for the nine agents, the default) or independent (one per "
          + "function, each learning from its own function only: the ablation of the sharing).")
  String networks;

  @Mixin ExperimentOptions experiment;

  /** The values of {@code --experiment}. */
  static final List<String> EXPERIMENTS = List.of("paper", "multi-agent", "chain");

  @Override public Integer call() throws Exception {
    if (networks != null && !experimentName.equals("multi-agent")) {
      throw new IllegalArgumentException("--networks is for --experiment multi-agent, not " + experimentName);
    }
    return switch (experimentName) {
      case "paper" -> paper();
      case "multi-agent" -> multiAgent();
      case "chain" -> new ChainReproduction(quick, out, seedSplit(), threads(), checkedSteps(), experiment)
          .run(spec.commandLine().getOut());
      default -> throw new IllegalArgumentException("--experiment must be one of " + String.join(", ", EXPERIMENTS)
          + ", was '" + experimentName + "'");
    };
  }

  /** --networks: true for one network shared by the agents (the default), false for one each. */
  private boolean sharedNetwork() {
    return switch (networks == null ? "shared" : networks) {
      case "shared" -> true;
      case "independent" -> false;
      default -> throw new IllegalArgumentException("--networks must be shared or independent, was '" + networks
          + "'");
    };
  }

  /** Seeds of the run: --seeds, or 3 with --quick and 5 without. */
  private Seeds seedSplit() {
    int n = seeds != null ? seeds : quick ? 3 : 5;
    if (n < 1 || n > Seeds.MAX_COUNT) {
      throw new IllegalArgumentException("--seeds must be 1.." + Seeds.MAX_COUNT + ", was " + n);
    }
    return new Seeds(seed, n);
  }

  private int threads() {
    int threads = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
    if (threads < 1) {
      throw new IllegalArgumentException("--parallel must be >= 1, was " + threads);
    }
    return threads;
  }

  /** {@code --experiment multi-agent}: {@link MultiAgentShop} on every seed, summary.md and CSVs in --out. */
  private int multiAgent() throws Exception {
    long t0 = System.nanoTime();
    if (!Formulation.parse(formulation).equals(Formulation.FAASRL)) {
      throw new IllegalArgumentException("--experiment multi-agent runs in the faasrl formulation only, was --formulation "
          + formulation);
    }
    Seeds seedSplit = seedSplit();
    int threads = threads();
    boolean shared = sharedNetwork();
    MultiAgentShop.Sizes sizes = quick ? MultiAgentShop.Sizes.quick() : MultiAgentShop.Sizes.full();
    Integer n = checkedSteps();
    if (n != null) {
      sizes = new MultiAgentShop.Sizes(n, Math.max(12, n / 4));
    }
    Setup setup = experiment.apply(Setup.defaults().seed(seed));
    OutputChecks.directory("--out", out);
    List<MultiAgentShop.Row> rows = MultiAgentShop.runSeeds(setup, seedSplit, sizes, shared, threads, out,
        System.err);
    boolean interval = !quick && seedSplit.count() > 1;
    String table = MultiAgentShop.markdown(rows, interval);
    double minutes = (System.nanoTime() - t0) / 60e9;
    String md = "# faasrl reproduce --experiment multi-agent" + (quick ? " --quick" : "") + "\n\n"
        + String.format(Locale.ROOT, "Nine online-shop functions scaled horizontally (%dm per replica) under the "
            + "bundled synthetic trace; seeds %s (evaluated on %s), %s; %d training steps per DQN, %d evaluation "
            + "steps of %.0f s; DQNs trained on trace minutes %d-%d, evaluated on a window from minute %d on "
            + "(per seed in `multi-agent.csv`); wall time %.1f min.%n%n",
            MultiAgentShop.REPLICA_MILLICORES, seedSplit.trainingSeeds(), seedSplit.evaluationSeeds(),
            experiment.backend.describe(), sizes.trainingSteps(), sizes.evalSteps(), setup.stepSeconds(),
            MultiAgentShop.TRAIN_FROM, MultiAgentShop.TRAIN_TO, MultiAgentShop.EVAL_FROM, minutes)
        + "multi-agent-dqn: one agent per function, " + (shared ? "one shared network" : "one network per function "
            + "(--networks independent)") + ", each function's -1/0/+1 from its own "
        + "features and reward. joint-dqn: one DQN over the nine functions' concatenated features whose action "
        + "holds or moves one function by one replica (19 actions; the 3^9 joint product is out of reach). "
        + "kpa, hpa: per function, defaults. SLO violations: share of steps in which some function missed its "
        + "p90 SLO.\n\n## Multi-agent\n\nMean over the seeds" + (interval ? " ± half-width of the 95% t-interval" : "")
        + "; per-seed rows in `multi-agent.csv`, per function in `multi-agent-functions.csv`.\n\n" + table;
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.md"), md);
    spec.commandLine().getOut().println(table);
    spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%.1f min)%n", out.resolve("summary.md"), minutes);
    return 0;
  }

  /** {@code --experiment paper}: the comparison and the paper's experiments. */
  private int paper() throws Exception {
    long t0 = System.nanoTime();
    Formulation f = Formulation.parse(formulation);
    Seeds seedSplit = seedSplit();
    int threads = threads();
    PaperExperiments.Sizes sizes = sizes();
    Setup setup = sizes.apply(experiment.apply(Setup.defaults().seed(seed)));
    OutputChecks.directory("--out", out);
    Comparison comparison = Comparison.of(setup).formulation(f).trainingSteps(sizes.trainingSteps())
        .rl4jSteps(sizes.rl4jTrainingSteps())
        .evalSteps(sizes.evalSteps()).horizontalSteps(sizes.horizontalTrainingSteps())
        .concurrentTraining(threads > 1);
    Path dir = out.resolve("comparison");
    // The paper's formulation trains a DQN per function, which needs nothing from the comparison: beside it,
    // it takes up the core that replicates leave idle when there are fewer left than threads. The default
    // formulation scales the nine with the comparison's agents, so it runs after, on every core.
    List<Path> trained = seedSplit.trainingSeeds().stream()
        .map(s -> PaperExperiments.trainedAgent(SeedRuns.dir(dir, s))).toList();
    ExecutorService beside = threads < 2 || f == Formulation.FAASRL ? null : SeedRuns.daemonPool(1, "all-nine");
    Table all;
    String paper;
    try {
      Future<String> nine = beside != null
          ? beside.submit(() -> PaperExperiments.allNine(setup, f, sizes, out, trained, 1,
              SeedRuns.prefixed(System.err, "[functions] ")))
          : null;
      all = SeedRuns.of(comparison, seedSplit).parallel(threads).run(dir, System.err);
      paper = PaperExperiments.singleFunction(setup, out, SeedRuns.dir(dir, seed))
          + (nine != null ? SeedRuns.get(nine)
              : PaperExperiments.allNine(setup, f, sizes, out, trained, threads, System.err));
    } finally {
      if (beside != null) {
        beside.shutdownNow();
      }
    }
    boolean interval = !quick && seedSplit.count() > 1;
    String table = Report.markdown(all, interval);
    String convergence = Report.convergence(all, "constant", setup.slo());
    double minutes = (System.nanoTime() - t0) / 60e9;
    String md = "# faasrl reproduce" + (quick ? " --quick" : "") + "\n\n"
        + String.format(Locale.ROOT, "Formulation %s, seeds %s (evaluated on %s), %s, %s, p90 SLO %d ms, "
            + "%d training steps (RL4J %d%s), %d evaluation steps of %.0f s (all nine functions: %d); "
            + "%d replicates at once; OpenBLAS kernels %s; wall time %.1f min.%n%n",
            f.id(), seedSplit.trainingSeeds(), seedSplit.evaluationSeeds(), experiment.backend.describe(),
            setup.function(), setup.slo().toMillis(), sizes.trainingSteps(), sizes.rl4jTrainingSteps(),
            setup.constantWeight() == 1 ? "" : "; constant training loads " + setup.constantWeight()
                + " times as likely as each other kind", sizes.evalSteps(),
            setup.stepSeconds(), sizes.nineEvalSteps(),
            Math.min(threads, seedSplit.count()), BlasKernels.inEffect(), minutes)
        + f.describe()
        + "\n## Comparison\n\nMean over the seeds" + (interval ? " ± half-width of the 95% t-interval" : "")
        + "; per-seed rows in `comparison/comparison.csv`. Tuned baselines are tuned on training rates of each "
        + "seed, not on these workloads.\n" + table
        + "\nHorizontal figures per seed: `comparison/seed-<seed>/figures/horizontal_replicas.html`.\n"
        + "\n## Convergence\n\n" + convergence + "\n" + paper
        + Report.figuresMarkdown(out);
    Files.writeString(out.resolve("summary.md"), md);
    f.write(out);
    spec.commandLine().getOut().println(table);
    spec.commandLine().getOut().println(convergence);
    spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%.1f min)%n", out.resolve("summary.md"), minutes);
    return 0;
  }

  private PaperExperiments.Sizes sizes() {
    PaperExperiments.Sizes base = quick ? PaperExperiments.Sizes.quick() : PaperExperiments.Sizes.full();
    Integer n = checkedSteps();
    return n == null ? base : new PaperExperiments.Sizes(n, Math.max(12, n / 4), n, n, n);
  }

  /** --steps, or null when not given; one error when it is below 1. */
  private Integer checkedSteps() {
    if (steps != null && steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, was " + steps);
    }
    return steps;
  }
}
