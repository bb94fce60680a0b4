package faasrl.experiment;

import faasrl.env.ActionSpace;
import faasrl.env.EnvSpec;
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

  /** The run's metrics; convergence allows one action-step of the spec's action space. */
  public Summary summary() {
    return Summary.of(steps, spec.stepSeconds(), wallSeconds, actionStep(spec));
  }

  /**
   * The largest change one action of {@code spec} makes to each knob, in millicores and replicas (30m
   * and 1 replica if it has none; 30m, the paper's step, for knobs that change the limit by a percentage).
   */
  public static Summary.ActionStep actionStep(EnvSpec spec) {
    int cpu = 0, replicas = 0;
    for (ActionSpace.Knob k : spec.actions().knobs()) {
      for (int d : k.deltas()) {
        switch (k.dimension()) {
          case CPU -> cpu = Math.max(cpu, Math.abs(d));
          case REPLICAS -> replicas = Math.max(replicas, Math.abs(d));
          case CPU_PERCENT -> { }
        }
      }
    }
    return new Summary.ActionStep(cpu > 0 ? cpu : Summary.ActionStep.DEFAULT.cpuMillicores(),
        replicas > 0 ? replicas : Summary.ActionStep.DEFAULT.replicas());
  }
}
