package faasrl.experiment;

import faasrl.rl.EnvSpec;
import java.nio.file.Path;
import tech.tablesaw.api.Table;

/**
 * A finished run: its step log as a table, the environment's spec, wall time, and where its files are.
 *
 * @param agent       the agent's name
 * @param steps       the step log (columns of {@link StepLog#COLUMNS})
 * @param spec        the environment the run used
 * @param wallSeconds wall time over all attempts of the run
 * @param dir         directory of steps.csv and the checkpoint; null if the run kept none
 */
public record RunResult(String agent, Table steps, EnvSpec spec, double wallSeconds, Path dir) {

  /** The run's metrics. */
  public Summary summary() {
    return Summary.of(steps, spec.stepSeconds(), wallSeconds);
  }
}
