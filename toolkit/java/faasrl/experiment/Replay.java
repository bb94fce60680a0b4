package faasrl.experiment;

import faasrl.cluster.ScalingConfig;
import faasrl.csv.Csv;
import faasrl.env.Action;
import faasrl.env.EnvState;
import faasrl.env.Observation;
import faasrl.env.ScalingEnv;
import faasrl.env.StepOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the exact state of an environment on a deterministic cluster (the seeded simulator)
 * after a kill: starting from the same fresh cluster, it runs the logged actions again through the
 * environment's own {@code reset}/{@code step} code path, so every random stream, queue, warm pod
 * and load phase ends where the killed run left it, whatever state the environment keeps. Each
 * replayed step must give the row the log holds, else the run was made with other settings.
 *
 * <!-- given: ScalingEnv env; Path dir; Checkpoint checkpoint -->
 * <pre>{@code
 * List<LoggedStep> logged = StepLog.steps(dir.resolve("steps.csv"), checkpoint.steps());
 * Observation obs = Replay.of(env, logged, checkpoint.env());   // env freshly built, as for the first run
 * }</pre>
 */
final class Replay {
  private static final int AGENT = StepLog.COLUMNS.indexOf("agent");
  private static final int EPSILON = StepLog.COLUMNS.indexOf("epsilon");
  private static final int LOSS = StepLog.COLUMNS.indexOf("loss");
  private static final int LABEL = StepLog.COLUMNS.indexOf("action_label");

  private Replay() {}

  /**
   * Resets {@code env} and runs {@code logged} through it; returns the observation the agent acts on
   * next. {@code expected} is the environment state the checkpoint recorded.
   *
   * @throws IllegalArgumentException naming the first step, column and values that differ
   */
  static Observation of(ScalingEnv env, List<LoggedStep> logged, EnvState expected) {
    Observation obs = env.reset();
    for (LoggedStep s : logged) {
      Action a = action(env, obs, s);
      StepOutcome o = env.step(a);
      EnvState st = env.state();
      String label = a.index() >= 0 ? env.spec().actions().describe(a.index()) : "set";
      compare(s, StepLog.rows("", s.step(), st.episode(), st.episodeStep(), o, label, 0, Double.NaN));
      obs = o.done() ? env.reset() : o.observation();
    }
    if (!env.state().equals(expected)) {
      throw new IllegalArgumentException("replaying the " + logged.size() + " logged steps ends at " + env.state()
          + ", not at the checkpoint's " + expected);
    }
    return obs;
  }

  /** The logged step's action: by index as the agent chose it, or the configurations it asked for. */
  private static Action action(ScalingEnv env, Observation obs, LoggedStep s) {
    int index = s.action();
    if (index >= env.spec().actions().size()) {
      throw new IllegalArgumentException("step " + s.step() + " logs action " + index + ", which this environment "
          + "does not have (it has " + env.spec().actions().size() + ")");
    }
    if (index >= 0) {
      return env.action(index, obs);
    }
    Map<String, ScalingConfig> configs = new LinkedHashMap<>();
    for (int i = 0; i < s.rows().size(); i++) {
      String f = s.function(i);
      configs.put(f, obs.config(f).cpuMillicores(s.cpuMillicores(i)).replicas(s.replicas(i)));
    }
    return Action.configs(configs);
  }

  private static void compare(LoggedStep logged, List<String> replayed) {
    if (replayed.size() != logged.rows().size()) {
      throw mismatch(logged.step(), "rows", Integer.toString(replayed.size()), Integer.toString(logged.rows().size()));
    }
    for (int r = 0; r < replayed.size(); r++) {
      String[] want = Csv.cells(logged.rows().get(r)), got = Csv.cells(replayed.get(r));
      for (int c = 0; c < StepLog.COLUMNS.size(); c++) {
        if (c != AGENT && c != EPSILON && c != LOSS && !want[c].equals(got[c]) && !decidedBy(want, got, c)) {
          throw mismatch(logged.step(), StepLog.COLUMNS.get(c), got[c], want[c]);
        }
      }
    }
  }

  /** A label the log prefixed with who decided the step in the agent's place, e.g. {@code guard-slo adservice cpu+30}. */
  private static boolean decidedBy(String[] logged, String[] replayed, int column) {
    return column == LABEL && logged[column].endsWith(" " + replayed[column]);
  }

  private static IllegalArgumentException mismatch(long step, String column, String got, String logged) {
    return new IllegalArgumentException("replaying step " + step + " gives " + column + " " + got + " where the "
        + "log has " + logged + ": the run was made with other settings (function, step length, backend) or "
        + "another faasrl version");
  }
}
