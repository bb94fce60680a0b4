package faasrl.experiment;

import faasrl.env.Action;
import faasrl.env.Agent;
import faasrl.env.EnvState;
import faasrl.env.Observation;
import faasrl.env.ScalingEnv;
import faasrl.env.StepOutcome;
import faasrl.env.Transition;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs an agent in an environment for a number of steps, training or evaluating: every step is
 * appended to {@code DIR/steps.csv} as it happens, a checkpoint is written every N steps and at the
 * end, and {@code resume(true)} continues a killed run from its last checkpoint without losing or
 * repeating a step (rows logged after that checkpoint are dropped and run again). On a deterministic
 * backend (the simulator) the resumed run is the same experiment: the logged actions are replayed to
 * rebuild the cluster's exact state, so its log is byte-identical to an uninterrupted run's. On
 * other backends it continues from a fresh cluster state, as {@code DIR/resume.log} says. A resume
 * whose checkpoint and log disagree is refused before anything is changed.
 *
 * <!-- given: Agent agent; ScalingEnv env; Kpa kpa; Hpa hpa; Vpa vpa -->
 * <pre>{@code
 * RunResult r = Experiment.train(agent, env).steps(300).out(Path.of("runs/dqn")).checkpointEvery(25)
 *     .progress(System.err).run();
 * // learn from KPA, HPA and VPA for the first 150 steps; while the SLO is missed, HPA decides
 * Experiment.train(agent, env).pretrainFrom(List.of(kpa, hpa, vpa), 150).guard(hpa).steps(600).run();
 * System.out.println(r.summary());
 * }</pre>
 */
public final class Experiment {
  private final Agent agent;
  private final ScalingEnv env;
  private final boolean training;
  private long steps = 100;
  private Path out;
  private int checkpointEvery = 25;
  private PrintStream progress;
  private boolean resume;
  private List<Agent> teachers = List.of();
  private long pretrainSteps;
  private Agent guard;

  private Experiment(Agent agent, ScalingEnv env, boolean training) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.env = Objects.requireNonNull(env, "env");
    this.training = training;
  }

  /** Explores and learns (if the agent learns) on every step. */
  public static Experiment train(Agent agent, ScalingEnv env) {
    return new Experiment(agent, env, true);
  }

  /** Acts greedily and never learns. */
  public static Experiment evaluate(Agent agent, ScalingEnv env) {
    return new Experiment(agent, env, false);
  }

  /** Total steps of the run (a resumed run counts the steps already done). */
  public Experiment steps(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("steps must be >= 1, was " + v);
    }
    steps = v;
    return this;
  }

  /** Directory for steps.csv and the checkpoint; without it the log lives in a temporary directory, removed at the end. */
  public Experiment out(Path v) {
    out = v;
    return this;
  }

  /** Steps between checkpoints; 0 checkpoints only at the end. */
  public Experiment checkpointEvery(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("checkpoint interval must be >= 0 steps, was " + v);
    }
    checkpointEvery = v;
    return this;
  }

  /** Draws a progress bar on this stream (stderr on the command line); null for none. */
  public Experiment progress(PrintStream v) {
    progress = v;
    return this;
  }

  /** Continue from the checkpoint in {@link #out} if there is one. */
  public Experiment resume(boolean v) {
    resume = v;
    return this;
  }

  /**
   * Offline pre-training (training only): for the first {@code steps} steps of the run the
   * rule-based {@code scalers} act in turn, one episode each, their decisions mapped to the nearest
   * action of the agent's space ({@link faasrl.env.ActionSpace#nearest}), and the agent learns from
   * their transitions without exploring ({@link Agent#learnOffline}). The steps count in the run's
   * total.
   */
  public Experiment pretrainFrom(List<? extends Agent> scalers, long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("pre-training steps must be >= 0, was " + steps);
    }
    if (steps > 0 && (scalers == null || scalers.isEmpty())) {
      throw new IllegalArgumentException("pre-training needs at least one rule-based scaler");
    }
    teachers = scalers == null ? List.of() : List.copyOf(scalers);
    pretrainSteps = steps;
    return this;
  }

  /**
   * Guarded exploration (training only): after a step that missed the SLO, {@code v} decides
   * instead of the agent with probability max(epsilon, {@value #GUARD_SHARE}) (mapped to the
   * nearest action of its space), and the agent learns from the transition, so random exploration
   * never digs deeper into a violation; otherwise the agent acts greedily. Null for none.
   */
  public Experiment guard(Agent v) {
    guard = v;
    return this;
  }

  /** Runs to {@code steps} total and returns the log and its summary. */
  public RunResult run() {
    try {
      return runUnchecked();
    } catch (IOException e) {
      throw new UncheckedIOException("run in " + out + " failed: " + e.getMessage(), e);
    }
  }

  private RunResult runUnchecked() throws IOException {
    Path dir = out != null ? out : Files.createTempDirectory("faasrl-run");
    Files.createDirectories(dir);
    Path csv = dir.resolve("steps.csv");
    Optional<Path> cp = resume ? Checkpoint.find(dir) : Optional.empty();
    long done = 0;
    double priorWall = 0;
    Observation obs;
    StepLog log;
    if (cp.isPresent()) {
      // everything is checked before anything is changed: a refused resume leaves the run as it was
      Checkpoint c;
      List<LoggedStep> kept;
      try {
        c = Checkpoint.read(cp.get(), agent);
        kept = StepLog.steps(csv, c.steps());
        if (c.logSha256() != null && !c.logSha256().equals(StepLog.digest(kept))) {
          throw new IllegalArgumentException(csv + " steps 0.." + (c.steps() - 1) + " are not the rows the "
              + "checkpoint was written after (their SHA-256 differs): the checkpoint is from another run, or the "
              + "log was edited");
        }
        obs = env.deterministic() ? Replay.of(env, kept, c.env()) : env.restore(c.env());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cannot resume the run in " + dir + ": " + e.getMessage(), e);
      }
      done = c.steps();
      priorWall = c.wallSeconds();
      log = StepLog.resume(csv, kept);
      note(dir, "resumed at step " + done + (env.deterministic()
          ? " on the deterministic simulator: steps 0.." + (done - 1) + " were replayed from steps.csv, so the "
              + "cluster is in the exact state the interrupted run left it"
          : " from a fresh cluster state: the backend is not deterministic, so queues, warm replicas and load "
              + "phase start anew; one unscored step observed the restored configuration"));
    } else {
      for (String stale : new String[] {Checkpoint.DIR, Checkpoint.DIR + ".old", Checkpoint.DIR + ".tmp"}) {
        Checkpoint.delete(dir.resolve(stale)); // a new run: an older run's checkpoint must not pair with its log
      }
      Files.deleteIfExists(dir.resolve("resume.log"));
      log = StepLog.create(csv);
      obs = env.reset();
    }
    long started = System.nanoTime();
    Progress bar = new Progress(progress, (training ? "train " : "eval ") + agent.name(), done, steps);
    Violations violations = new Violations();
    try (log) {
      while (done < steps) {
        Agent teacher = training && done < pretrainSteps
            ? teachers.get((int) ((env.state().episode() - 1) % teachers.size())) : null;
        Agent decider = teacher != null ? teacher : guarded(obs, done) ? guard : agent;
        if (guard != null && decider != guard && training) {
          guard.act(obs, false); // the guard keeps its own view of the load up to date
        }
        boolean explore = training && (guard == null || env.spec().sloMet(obs.last()));   // after a miss: the guard or the estimates
        Action a = decider != agent ? nearest(decider.act(obs, false), obs)
            : training && !explore ? agent.exploit(obs) : agent.act(obs, explore);
        StepOutcome o = env.step(a);
        if (training && agent.learns() && a.index() >= 0) {
          if (teacher != null) {
            agent.learnOffline(Transition.of(obs, a, o));
          } else {
            agent.learn(obs, a, o);
          }
        }
        violations.add(!o.sloMet());
        EnvState s = env.state();
        String label = a.index() >= 0 ? env.spec().actions().describe(a.index()) : "set";
        if (decider != agent) {
          label = (teacher != null ? "pretrain-" : "guard-") + decider.name() + " " + label;
        }
        log.append(agent.name(), done, s.episode(), s.episodeStep(), o, label, training ? agent.epsilon() : 0,
            agent.lastLoss());
        done++;
        obs = o.done() ? env.reset() : o.observation();
        boolean last = done == steps;
        if (last || (checkpointEvery > 0 && done % checkpointEvery == 0)) {
          double wall = priorWall + (System.nanoTime() - started) / 1e9;
          new Checkpoint(done, wall, agent.name(), env.state(), log.digest(), null).write(dir, agent);
        }
        bar.update(done, detail(o) + " " + violations);
      }
    }
    if (progress != null && training) {
      progress.println(agent.name() + " training: SLO missed in " + violations.describe());
    }
    double wall = priorWall + (System.nanoTime() - started) / 1e9;
    RunResult result = new RunResult(agent.name(), StepLog.read(csv), env.spec(), wall, out);
    if (out == null) {
      Checkpoint.delete(dir);
    }
    return result;
  }

  /** Appends a dated line to {@code DIR/resume.log}, the run's record of how it was resumed. */
  private static void note(Path dir, String line) throws IOException {
    Files.writeString(dir.resolve("resume.log"), Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * Whether the guard decides this step: training, the last step missed the SLO, and a draw below
   * max(epsilon, 1/2) (the draw is a function of the step number, so a resumed run draws the same).
   * The other times the agent acts greedily, so it also learns what its own choices cost there.
   */
  private boolean guarded(Observation obs, long step) {
    if (!training || guard == null || env.spec().sloMet(obs.last())) {
      return false;
    }
    double draw = new java.util.SplittableRandom(step * 0x9E3779B97F4A7C15L + 17).nextDouble();
    return draw < Math.max(agent.epsilon(), GUARD_SHARE);
  }

  /** Least share of missed steps after which the guard decides during training. */
  public static final double GUARD_SHARE = 0.5;

  /** A rule-based decision as the nearest action of the environment's space, so a learner can learn from it. */
  private Action nearest(Action wanted, Observation obs) {
    var spec = env.spec();
    int index = spec.actions().nearest(wanted.configs(), obs.configs(), spec.bounds());
    return env.action(index, obs);
  }

  /** Steps that missed the SLO, overall and over the last 100, for the progress line during training. */
  private static final class Violations {
    static final int RECENT = 100;
    private final ArrayDeque<Boolean> recent = new ArrayDeque<>();
    private long missed, steps, recentMissed;

    void add(boolean miss) {
      steps++;
      missed += miss ? 1 : 0;
      recent.addLast(miss);
      recentMissed += miss ? 1 : 0;
      if (recent.size() > RECENT) {
        recentMissed -= recent.removeFirst() ? 1 : 0;
      }
    }

    String describe() {
      return String.format(Locale.ROOT, "%d of %d steps (%.1f%%), last %d: %.1f%%", missed, steps,
          100.0 * missed / Math.max(1, steps), recent.size(), 100.0 * recentMissed / Math.max(1, recent.size()));
    }

    @Override public String toString() {
      return String.format(Locale.ROOT, "viol %.1f%% (last %d: %.0f%%)", 100.0 * missed / Math.max(1, steps),
          recent.size(), 100.0 * recentMissed / Math.max(1, recent.size()));
    }
  }

  private String detail(StepOutcome o) {
    var first = o.applied().configs().values().iterator().next();
    double p90 = o.result().functions().values().iterator().next().p90Micros();
    return String.format(Locale.ROOT, "eps %.2f reward %+.2f %dm x%d p90 %.1fms", training ? agent.epsilon() : 0,
        o.reward(), first.cpuMillicores(), first.replicas(), p90 / 1000);
  }
}
