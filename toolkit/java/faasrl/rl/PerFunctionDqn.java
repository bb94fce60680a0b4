package faasrl.rl;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.env.Action;
import faasrl.env.ActionSpace;
import faasrl.env.Agent;
import faasrl.env.Bounds;
import faasrl.env.EnvSpec;
import faasrl.env.Observation;
import faasrl.env.Reward;
import faasrl.env.Rewards;
import faasrl.env.StateEncoders;
import faasrl.env.StepOutcome;
import faasrl.env.Transition;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A horizontal scaler over the joint -1/0/+1-replica actions of several functions that learns one
 * small DQN shared by all of them: each function is valued from its own features (see
 * {@link #features}) with its own share of the reward, and the joint action
 * is the product of the functions' choices. One joint action per step becomes one transition per
 * function, so the network sees three times the experience of a 27-action DQN and never has to learn
 * which function's move caused which function's violation; the rule it learns ("how many replicas for
 * this load") carries over between functions and rates.
 *
 * <p>It is one agent per function with parameters shared: it decides for whatever functions the
 * environment it is asked about scales, so agents come and go with the functions (see
 * {@link #agents()}), and a function deployed after training started is valued by the shared
 * network from its first step. The space may be the product ({@link ActionSpace#horizontal}, up to
 * seven functions) or {@link ActionSpace#factored} (any number, e.g. the online-shop's nine).
 *
 * <p>With {@link Builder#sharedNetwork sharedNetwork(false)} each function has a network of its own
 * instead (same settings, its own seed), learning only from that function's transitions: the
 * ablation of the sharing.
 *
 * <p>Actions that would leave the replica bounds are masked when choosing; a step taken at a bound
 * also teaches the masked action the no-op's outcome (the environment would have clamped it to that),
 * so its value never drifts away untrained.
 *
 * <!-- given: Cluster cluster -->
 * <pre>{@code
 * ScalingEnv env = ScalingEnv.horizontal(cluster, "adservice", "cartservice", "currencyservice").build();
 * PerFunctionDqn agent = PerFunctionDqn.builder()
 *     .dqn(DqnAgent.builder().epsilon(Epsilon.linear(1, 0.05, 900)))   // schedule in per-function transitions
 *     .seed(7).build();
 * Experiment.train(agent, env).steps(600).run();
 * }</pre>
 */
public final class PerFunctionDqn implements Agent {
  /** Per-function changes, in the order of {@link ActionSpace#horizontal}. */
  private static final int[] DELTAS = {-1, 0, 1};
  private static final int NOOP = 1;
  private static final String FUNCTIONS_FILE = "functions.txt";
  /** The normalised features, then the utilisation one replica fewer would run at. */
  public static final int FEATURES = FunctionFeatures.SIZE;

  /** The shared network; null with independent networks. */
  private final DqnAgent dqn;
  private final boolean shared;
  private final DqnAgent.Builder dqnBuilder;
  private final long seed;
  /** With independent networks: each function's own, created at its first decision. */
  private final Map<String, DqnAgent> own = new LinkedHashMap<>();
  private DqnAgent lastLearned;
  private final Reward reward;
  private final boolean missMemory;
  private final FunctionFeatures features = new FunctionFeatures();
  /** The functions the last decision was made for: one agent each. */
  private List<String> agents = List.of();
  private Random rng;

  private PerFunctionDqn(Builder b) {
    shared = b.shared;
    dqnBuilder = b.dqn;
    seed = b.seed;
    dqn = shared ? b.dqn.seed(b.seed).build(FEATURES, DELTAS.length) : null;
    reward = b.reward;
    missMemory = b.missMemory;
    rng = new Random(b.seed ^ 0x5DEECE66DL);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override public String name() {
    return "dqn";
  }

  @Override public boolean learns() {
    return true;
  }

  @Override public double epsilon() {
    if (shared) {
      return dqn.epsilon();
    }
    return own.isEmpty() ? 1 : own.values().iterator().next().epsilon(); // they all learn once a step
  }

  @Override public double lastLoss() {
    return shared ? dqn.lastLoss() : lastLearned == null ? Double.NaN : lastLearned.lastLoss();
  }

  /** Whether the functions share one network (the default) or each has its own. */
  public boolean sharedNetwork() {
    return shared;
  }

  /**
   * The shared network (Q-values per function state: replicas -1, 0, +1).
   *
   * @throws IllegalStateException with independent networks: ask {@link #network(String)}
   */
  public DqnAgent network() {
    if (!shared) {
      throw new IllegalStateException("independent networks: each function has its own, network(function)");
    }
    return dqn;
  }

  /**
   * The network that values {@code function}: the shared one, or the function's own (created, from
   * the builder's settings and a seed of its own, the first time the function is seen).
   */
  public DqnAgent network(String function) {
    if (shared) {
      return dqn;
    }
    return own.computeIfAbsent(function, f -> dqnBuilder.seed(seed + 1 + own.size()).build(FEATURES, DELTAS.length));
  }

  /**
   * The features the shared network sees for {@code function} in {@code obs}: its
   * {@link StateEncoders#normalised()} ones, then the CPU utilisation the same work would put on one
   * replica fewer (capped at 2, halved; 1 at one replica). The last one is what decides whether
   * removing a replica is safe, which the network would otherwise have to work out from a ratio of
   * two inputs near the boundary where it matters most.
   */
  public double[] features(Observation obs, String function) {
    return features.of(obs, function);
  }

  /**
   * The functions this agent acted for at its last decision, one agent each: those of the
   * environment it was last asked about. A function deployed later gets an agent at the first
   * decision that sees it (the shared network values it from its own features at once), and a
   * removed one has none from the first decision without it.
   */
  public List<String> agents() {
    return agents;
  }

  @Override public Action act(Observation obs, boolean explore) {
    EnvSpec spec = obs.spec();
    checkSpace(spec);
    agents = spec.functions();
    int index = 0;
    for (String f : spec.functions()) {
      double eps = explore ? network(f).epsilon() : 0;
      boolean[] allowed = allowed(obs.config(f), spec.bounds());
      if (missMemory && !explore) {
        allowed[0] &= !removingMisses(obs, f); // delta -1
        allowed[2] &= !addingBackUnforced(obs, f); // delta +1
      }
      int a;
      if (eps > 0 && rng.nextDouble() < eps) {
        do {
          a = rng.nextInt(DELTAS.length);
        } while (!allowed[a]);
      } else {
        a = best(network(f).qValues(features(obs, f)), allowed);
      }
      index = index * DELTAS.length + a;
    }
    return new Action(index, spec.actions().apply(index, obs.configs(), spec.bounds()));
  }

  /** Learns one transition per function, each with that function's reward. */
  @Override public void learn(Observation before, Action action, StepOutcome outcome) {
    if (action.index() < 0) {
      return;
    }
    EnvSpec spec = before.spec();
    checkSpace(spec);
    int[] chosen = perFunction(action.index(), spec.functions().size());
    Observation after = outcome.observation();
    for (int i = 0; i < chosen.length; i++) {
      String f = spec.functions().get(i);
      EnvSpec view = view(spec, f);
      double r = reward.of(outcome.result(), before.configs(), outcome.applied().configs(), view, 0);
      double[] s = features(before, f);
      double[] next = features(after, f);
      DqnAgent net = network(f);
      lastLearned = net;
      net.learn(new Transition(s, chosen[i], r, next, outcome.terminal()));
      boolean[] allowed = allowed(before.config(f), spec.bounds());
      if (chosen[i] == NOOP) {
        for (int a = 0; a < DELTAS.length; a++) {
          if (!allowed[a]) {
            net.learn(new Transition(s, a, r, next, outcome.terminal()));
          }
        }
      }
    }
  }

  /** Only through {@link #learn(Observation, Action, StepOutcome)}: a joint transition has no per-function rewards. */
  @Override public void learn(Transition transition) {
    throw new UnsupportedOperationException("PerFunctionDqn learns from whole steps (learn(before, action, outcome)), "
        + "which carry each function's metrics");
  }

  /**
   * Saves the network (in {@code dir/dqn}) or, with independent networks, each function's (in
   * {@code dir/dqn-<i>}, the functions named in order in {@code dir/functions.txt}), and the
   * exploration state.
   */
  @Override public void save(Path dir) throws IOException {
    if (shared) {
      dqn.save(dir.resolve("dqn"));
    } else {
      Files.createDirectories(dir);
      List<String> names = List.copyOf(own.keySet());
      for (int i = 0; i < names.size(); i++) {
        own.get(names.get(i)).save(dir.resolve("dqn-" + i));
      }
      Files.write(dir.resolve(FUNCTIONS_FILE), names);
    }
    try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(dir.resolve("explore-rng.bin")))) {
      out.writeObject(rng);
    }
  }

  /** Loads what {@link #save} wrote, with the same kind of networks (shared or independent). */
  @Override public void load(Path dir) throws IOException {
    boolean savedIndependent = Files.exists(dir.resolve(FUNCTIONS_FILE));
    if (savedIndependent == shared) {
      throw new IOException(dir + " holds " + (savedIndependent ? "independent networks" : "a shared network")
          + ", this agent has " + (shared ? "a shared one" : "independent ones"));
    }
    if (shared) {
      dqn.load(dir.resolve("dqn"));
    } else {
      own.clear();
      List<String> names = Files.readAllLines(dir.resolve(FUNCTIONS_FILE));
      for (int i = 0; i < names.size(); i++) {
        network(names.get(i)).load(dir.resolve("dqn-" + i));
      }
    }
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(dir.resolve("explore-rng.bin")))) {
      rng = (Random) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException("unreadable exploration state in " + dir, e);
    }
  }

  /**
   * Whether one replica fewer for {@code function} is no more than a count that missed its SLO within
   * the observation's memory ({@value Observation#MEMORY_STEPS} steps), in a step that held or lowered the
   * count (not the backlog right after a raise), at an asked rate no more than 5% above the last
   * step's. A count that missed at this rate or a lower one misses again: without this an agent whose
   * estimates rate a replica's saving above a miss steps down into the same miss every few steps.
   */
  static boolean removingMisses(Observation obs, String function) {
    List<StepResult> memory = obs.recent();
    int fewer = obs.config(function).replicas() - 1;
    double rate = obs.last().function(function).askedRps();
    for (int i = 0; i < memory.size(); i++) {
      FunctionMetrics m = memory.get(i).function(function);
      int served = Math.min(m.config().replicas(), m.readyReplicas());
      boolean afterRaise = i > 0 && memory.get(i - 1).function(function).config().replicas() < m.config().replicas();
      if (!afterRaise && served >= fewer && m.askedRps() <= (1 + DqnConfig.STEADY_TOLERANCE) * rate
          && !obs.spec().sloMet(m)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether one replica more for {@code function} would repeat a flip-flop: the agent added a replica,
   * removed it again within {@value StateEncoders#HISTORY_STEPS} steps, and every step since the removal
   * met the SLO at an asked rate no more than 5% below the last step's, with the CPU use no more than the
   * fill a replica's CFS periods allow ({@link EvaluationChoice#periodFill}). Its estimates then disagree
   * between two neighbouring counts, and without this it adds and removes the same replica every step;
   * the lower count has proved enough. A replica removed after a longer hold, or from a count run hotter
   * than that, may come back.
   */
  static boolean addingBackUnforced(Observation obs, String function) {
    List<StepResult> memory = obs.recent();
    int now = obs.config(function).replicas();
    double rate = obs.last().function(function).askedRps();
    int start = memory.size() - 1;
    for (; start >= 0; start--) {
      FunctionMetrics m = memory.get(start).function(function);
      double fill = EvaluationChoice.periodFill(m.askedRps() / now);
      boolean rose = rate > (1 + DqnConfig.STEADY_TOLERANCE) * m.askedRps();
      if (m.config().replicas() != now || !obs.spec().sloMet(m) || rose
          || m.cpuUsedCores() > fill * now * m.config().cpuCores()) {
        return false;
      }
      if (start == 0 || replicas(memory, start - 1, function) != now) {
        break;
      }
    }
    if (start <= 0 || replicas(memory, start - 1, function) != now + 1) {
      return false; // the run at this count did not begin with a removal
    }
    int added = start - 1;
    while (added > 0 && replicas(memory, added - 1, function) == now + 1) {
      added--;
    }
    return added > 0 && replicas(memory, added - 1, function) == now
        && start - added <= StateEncoders.HISTORY_STEPS;
  }

  private static int replicas(List<StepResult> memory, int i, String function) {
    return memory.get(i).function(function).config().replicas();
  }

  static boolean[] allowed(ScalingConfig c, Bounds b) {
    boolean[] ok = new boolean[DELTAS.length];
    for (int a = 0; a < DELTAS.length; a++) {
      int r = c.replicas() + DELTAS[a];
      ok[a] = DELTAS[a] == 0 || (r >= b.minReplicas() && r <= b.maxReplicas());
    }
    return ok;
  }

  private static int best(double[] q, boolean[] allowed) {
    int best = NOOP;
    for (int a = 0; a < q.length; a++) {
      if (allowed[a] && q[a] > q[best]) {
        best = a;
      }
    }
    return best;
  }

  private static int[] perFunction(int index, int functions) {
    int[] a = new int[functions];
    for (int i = functions - 1; i >= 0; i--) {
      a[i] = index % DELTAS.length;
      index /= DELTAS.length;
    }
    return a;
  }

  private EnvSpec view(EnvSpec spec, String function) {
    return features.view(spec, function);
  }

  private static void checkSpace(EnvSpec spec) {
    List<ActionSpace.Knob> knobs = spec.actions().knobs();
    boolean ok = knobs.size() == spec.functions().size()
        && spec.actions().combination() != ActionSpace.Combination.ONE_AT_A_TIME;
    for (int i = 0; ok && i < knobs.size(); i++) {
      ActionSpace.Knob k = knobs.get(i);
      ok = k.function().equals(spec.functions().get(i)) && k.dimension() == ActionSpace.Dimension.REPLICAS
          && java.util.Arrays.equals(k.deltas(), DELTAS);
    }
    if (!ok) {
      throw new IllegalArgumentException("PerFunctionDqn needs the horizontal action space (replicas -1/0/+1 per "
          + "function, in the environment's function order, product or factored), was " + spec.actions());
    }
  }

  /** Builds a {@link PerFunctionDqn}. */
  public static final class Builder {
    private DqnAgent.Builder dqn = DqnAgent.builder();
    private Reward reward = Rewards.sloCost();
    private long seed = 1;
    private boolean shared = true;
    private boolean missMemory;

    /**
     * One network shared by every function (true, the default) or one per function (false): each
     * function's agent then learns only from its own transitions, and nothing it learns carries over
     * to another function.
     */
    public Builder sharedNetwork(boolean v) {
      shared = v;
      return this;
    }

    /** The shared network's hyper-parameters; its epsilon schedule counts per-function transitions. */
    public Builder dqn(DqnAgent.Builder v) {
      dqn = Objects.requireNonNull(v, "dqn");
      return this;
    }

    /** The reward each function earns, computed on that function alone (default {@link Rewards#sloCost()}). */
    public Builder reward(Reward v) {
      reward = Objects.requireNonNull(v, "reward");
      return this;
    }

    /**
     * When not exploring, never remove a replica down to a count that missed the function's SLO (or
     * fewer) at the current rate or a lower one within the last {@value Observation#MEMORY_STEPS} steps
     * ({@link #removingMisses}), nor add a replica it added and removed within 18 steps while the count
     * it came back to meets the SLO at no lower rate ({@link #addingBackUnforced}); default false.
     * Training is unchanged: it always explores.
     */
    public Builder missMemory(boolean v) {
      missMemory = v;
      return this;
    }

    /** Seeds the network, its replay sampling and exploration. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public PerFunctionDqn build() {
      return new PerFunctionDqn(this);
    }
  }
}
