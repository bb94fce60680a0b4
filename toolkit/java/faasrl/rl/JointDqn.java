package faasrl.rl;

import faasrl.cluster.ScalingConfig;
import faasrl.env.Action;
import faasrl.env.ActionSpace;
import faasrl.env.Agent;
import faasrl.env.EnvSpec;
import faasrl.env.Observation;
import faasrl.env.StepOutcome;
import faasrl.env.Transition;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The single joint agent of the multi-agent comparison: ONE DQN that sees the concatenated state of
 * every scaled function and, per step, either holds or moves ONE function by one replica. The
 * product of nine functions' -1/0/+1 (3^9 = 19,683 joint actions) is out of reach for a DQN output
 * layer, so its space is {@link ActionSpace#oneAtATime}: {@code 1 + 2n} actions for n functions
 * (19 for the online-shop's nine). Its state is, function after function, the features
 * {@link PerFunctionDqn#features} gives one function (so both agents see the same facts), and it
 * learns from the environment's reward, summed over the functions. Actions that would leave the
 * replica bounds are masked.
 *
 * <!-- given: Cluster cluster -->
 * <pre>{@code
 * List<String> fs = Catalog.onlineShop().names();
 * ScalingEnv env = ScalingEnv.horizontal(cluster, fs.toArray(String[]::new))
 *     .actions(ActionSpace.oneAtATime(ActionSpace.horizontalKnobs(fs))).build();
 * JointDqn joint = JointDqn.builder().functions(fs.size())
 *     .dqn(DqnAgent.builder().epsilon(Epsilon.linear(1, 0.05, 300))).seed(7).build();
 * Experiment.train(joint, env).steps(600).run();
 * }</pre>
 */
public final class JointDqn implements Agent {
  private final DqnAgent dqn;
  private final int functions;
  private final FunctionFeatures features = new FunctionFeatures();
  private Random rng;

  private JointDqn(Builder b) {
    functions = b.functions;
    dqn = b.dqn.seed(b.seed).build(stateSize(functions), actions(functions));
    rng = new Random(b.seed ^ 0x4A4F494EL);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Inputs of the network for {@code functions} functions. */
  public static int stateSize(int functions) {
    return functions * PerFunctionDqn.FEATURES;
  }

  /** Actions for {@code functions} functions: hold, or one of them -1 or +1 replica. */
  public static int actions(int functions) {
    return 1 + 2 * functions;
  }

  @Override public String name() {
    return "joint-dqn";
  }

  @Override public boolean learns() {
    return true;
  }

  @Override public double epsilon() {
    return dqn.epsilon();
  }

  @Override public double lastLoss() {
    return dqn.lastLoss();
  }

  /** The network: Q-values of the {@link #actions(int)} actions. */
  public DqnAgent network() {
    return dqn;
  }

  /** The concatenated per-function features of {@code obs}, in the environment's function order. */
  public double[] state(Observation obs) {
    List<String> fs = obs.spec().functions();
    double[] s = new double[stateSize(fs.size())];
    for (int i = 0; i < fs.size(); i++) {
      System.arraycopy(features.of(obs, fs.get(i)), 0, s, i * PerFunctionDqn.FEATURES,
          PerFunctionDqn.FEATURES);
    }
    return s;
  }

  @Override public Action act(Observation obs, boolean explore) {
    EnvSpec spec = obs.spec();
    checkSpace(spec);
    boolean[] ok = allowed(obs, spec);
    int a;
    if (explore && rng.nextDouble() < dqn.epsilon()) {
      do {
        a = rng.nextInt(ok.length);
      } while (!ok[a]);
    } else {
      double[] q = dqn.qValues(state(obs));
      a = 0;
      for (int i = 1; i < q.length; i++) {
        if (ok[i] && q[i] > q[a]) {
          a = i;
        }
      }
    }
    return new Action(a, spec.actions().apply(a, obs.configs(), spec.bounds()));
  }

  @Override public void learn(Observation before, Action action, StepOutcome outcome) {
    if (action.index() >= 0) {
      dqn.learn(new Transition(state(before), action.index(), outcome.reward(), state(outcome.observation()),
          outcome.terminal()));
    }
  }

  /** Only through {@link #learn(Observation, Action, StepOutcome)}: the state is built from the observations. */
  @Override public void learn(Transition transition) {
    throw new UnsupportedOperationException("JointDqn learns from whole steps (learn(before, action, outcome)), "
        + "whose observations it encodes itself");
  }

  /** Hold always; a move only if it keeps the function within the replica bounds. */
  private static boolean[] allowed(Observation obs, EnvSpec spec) {
    boolean[] ok = new boolean[spec.actions().size()];
    for (int a = 0; a < ok.length; a++) {
      int[] d = spec.actions().decode(a);
      ok[a] = true;
      for (int k = 0; k < d.length; k++) {
        if (d[k] != 0) {
          ScalingConfig c = obs.config(spec.functions().get(k));
          int r = c.replicas() + d[k];
          ok[a] = r >= spec.bounds().minReplicas() && r <= spec.bounds().maxReplicas();
        }
      }
    }
    return ok;
  }

  private void checkSpace(EnvSpec spec) {
    ActionSpace s = spec.actions();
    boolean ok = s.combination() == ActionSpace.Combination.ONE_AT_A_TIME && spec.functions().size() == functions
        && s.knobs().size() == functions;
    for (int i = 0; ok && i < functions; i++) {
      ActionSpace.Knob k = s.knobs().get(i);
      ok = k.function().equals(spec.functions().get(i)) && k.dimension() == ActionSpace.Dimension.REPLICAS
          && java.util.Arrays.equals(k.deltas(), new int[] {-1, 0, 1});
    }
    if (!ok) {
      throw new IllegalArgumentException("JointDqn for " + functions + " functions needs the one-at-a-time "
          + "horizontal space over them (ActionSpace.oneAtATime(ActionSpace.horizontalKnobs(functions))), was "
          + s + " over " + spec.functions());
    }
  }

  @Override public void save(Path dir) throws IOException {
    dqn.save(dir.resolve("dqn"));
    try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(dir.resolve("explore-rng.bin")))) {
      out.writeObject(rng);
    }
  }

  @Override public void load(Path dir) throws IOException {
    dqn.load(dir.resolve("dqn"));
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(dir.resolve("explore-rng.bin")))) {
      rng = (Random) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException("unreadable exploration state in " + dir, e);
    }
  }

  /** Builds a {@link JointDqn}. */
  public static final class Builder {
    private DqnAgent.Builder dqn = DqnAgent.builder();
    private int functions = 1;
    private long seed = 1;

    /** How many functions the agent scales (its input and output sizes follow). */
    public Builder functions(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("a joint agent scales at least one function, was " + v);
      }
      functions = v;
      return this;
    }

    /** The network's hyper-parameters; the epsilon schedule counts environment steps. */
    public Builder dqn(DqnAgent.Builder v) {
      dqn = Objects.requireNonNull(v, "dqn");
      return this;
    }

    /** Seeds the network, its replay sampling and exploration. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public JointDqn build() {
      return new JointDqn(this);
    }
  }
}
