package faasrl.experiment;

import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.rl.Agent;
import java.nio.file.Path;

/**
 * Evaluates agents on one workload, each on a fresh simulated cluster with the same seed, so every
 * agent meets the same arrivals and service times.
 *
 * <pre>{@code
 * Evaluator ev = new Evaluator(Setup.defaults(), LoadPattern.poisson(300), 60);
 * Summary s = ev.run(Kpa.builder().build(), null).summary();
 * }</pre>
 *
 * @param setup the shared settings
 * @param load  the workload
 * @param steps evaluation steps
 */
public record Evaluator(Setup setup, LoadPattern load, int steps) {

  /** Runs {@code agent} greedily; the log goes to {@code out} (a temporary directory if null). */
  public RunResult run(Agent agent, Path out) {
    try (Cluster c = setup.cluster(1)) {
      return Experiment.evaluate(agent, setup.evaluation(c, load)).steps(steps).out(out).checkpointEvery(0).run();
    }
  }
}
