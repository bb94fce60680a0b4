package faasrl.experiment;

import faasrl.rl.Action;
import faasrl.rl.Agent;
import faasrl.rl.EnvState;
import faasrl.rl.Observation;
import faasrl.rl.ScalingEnv;
import faasrl.rl.StepOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs an agent in an environment for a number of steps, training or evaluating: every step is
 * appended to {@code DIR/steps.csv} as it happens, a checkpoint is written every N steps and at the
 * end, and {@code resume(true)} continues a killed run from its last checkpoint without losing or
 * repeating a step (rows logged after that checkpoint are dropped and run again).
 *
 * <pre>{@code
 * RunResult r = Experiment.train(agent, env).steps(300).out(Path.of("runs/dqn")).checkpointEvery(25)
 *     .progress(System.err).run();
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
      Checkpoint c = Checkpoint.read(cp.get(), agent);
      done = c.steps();
      priorWall = c.wallSeconds();
      log = StepLog.resume(csv, done);
      obs = env.restore(c.env());
    } else {
      log = StepLog.create(csv);
      obs = env.reset();
    }
    long started = System.nanoTime();
    Progress bar = new Progress(progress, (training ? "train " : "eval ") + agent.name(), done, steps);
    try (log) {
      while (done < steps) {
        Action a = agent.act(obs, training);
        StepOutcome o = env.step(a);
        if (training && agent.learns() && a.index() >= 0) {
          agent.learn(obs, a, o);
        }
        EnvState s = env.state();
        String label = a.index() >= 0 ? env.spec().actions().describe(a.index()) : "set";
        log.append(agent.name(), done, s.episode(), s.episodeStep(), o, label, training ? agent.epsilon() : 0,
            agent.lastLoss());
        done++;
        obs = o.done() ? env.reset() : o.observation();
        boolean last = done == steps;
        if (last || (checkpointEvery > 0 && done % checkpointEvery == 0)) {
          double wall = priorWall + (System.nanoTime() - started) / 1e9;
          new Checkpoint(done, wall, agent.name(), env.state()).write(dir, agent);
        }
        bar.update(done, detail(o), last);
      }
    }
    double wall = priorWall + (System.nanoTime() - started) / 1e9;
    RunResult result = new RunResult(agent.name(), StepLog.read(csv), env.spec(), wall, out);
    if (out == null) {
      Checkpoint.delete(dir);
    }
    return result;
  }

  private String detail(StepOutcome o) {
    var first = o.applied().configs().values().iterator().next();
    double p90 = o.result().functions().values().iterator().next().p90Micros();
    return String.format(Locale.ROOT, "eps %.2f reward %+.2f %dm x%d p90 %.1fms", training ? agent.epsilon() : 0,
        o.reward(), first.cpuMillicores(), first.replicas(), p90 / 1000);
  }
}
