package faasrl.experiment;

import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.env.Agent;
import java.nio.file.Path;

/**
 * Evaluates agents on one workload, each on a fresh cluster with the same seed, so every agent
 * meets the same arrivals and service times. By default that seed is the setup's evaluation seed
 * ({@link Seeds#evaluation(long)}), which no training or tuning run uses.
 *
 * <pre>{@code
 * Evaluator ev = new Evaluator(Setup.defaults(), LoadPattern.poisson(300), 60);
 * Summary s = ev.run(Kpa.builder().build(), null).summary();
 * Evaluator paper = ev.formulation(Formulation.PAPER);
 * }</pre>
 *
 * @param setup       the shared settings
 * @param load        the workload
 * @param steps       evaluation steps
 * @param formulation the environment's state, actions and reward
 * @param clusterSeed seed of every evaluation cluster
 */
public record Evaluator(Setup setup, LoadPattern load, int steps, Formulation formulation, long clusterSeed) {

  /** The default formulation on the setup's evaluation seed. */
  public Evaluator(Setup setup, LoadPattern load, int steps) {
    this(setup, load, steps, Formulation.FAASRL, Seeds.evaluation(setup.seed()));
  }

  public Evaluator formulation(Formulation v) {
    return new Evaluator(setup, load, steps, v, clusterSeed);
  }

  public Evaluator clusterSeed(long v) {
    return new Evaluator(setup, load, steps, formulation, v);
  }

  /** Runs {@code agent} greedily; the log goes to {@code out} (a temporary directory if null). */
  public RunResult run(Agent agent, Path out) {
    try (Cluster c = setup.clusters().start(clusterSeed)) {
      return Experiment.evaluate(agent, formulation.evaluation(setup, c, load)).steps(steps).out(out)
          .checkpointEvery(0).run();
    }
  }
}
