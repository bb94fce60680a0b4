package faasrl.rl;

import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.env.Action;
import faasrl.env.Agent;
import faasrl.env.EnvSpec;
import faasrl.env.Observation;
import faasrl.env.ScalingEnv;
import faasrl.env.Transition;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.adapters.OutputAdapter;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A deep Q-network agent on DeepLearning4J: an MLP of ReLU layers with a plain or dueling head,
 * double DQN, a target network (soft or hard updates), Huber loss, Adam or AMSGrad with optional
 * decoupled weight decay, element-wise gradient clipping, uniform or prioritised replay, an epsilon
 * schedule, and a seed.
 *
 * <p>The Huber loss is applied through its gradient: the regression target of the taken action is
 * the current Q plus the TD error clipped to {@code +-huberDelta} (times the importance weight), and
 * the network is fitted with squared error; that gradient equals the Huber loss's gradient up to a
 * constant factor, which Adam does not see. Every update is three batched forward passes and one
 * backward pass, on float32 matrices.
 *
 * <!-- given: ScalingEnv env -->
 * <pre>{@code
 * DqnAgent agent = DqnAgent.builder().hidden(64, 64).seed(7).build(env);
 * DqnAgent paper = DqnAgent.paperVertical().build(env);
 * agent.save(Path.of("run/agent"));                       // networks, optimiser, replay, counters
 * DqnAgent again = DqnAgent.restore(Path.of("run/agent"));
 * }</pre>
 */
public final class DqnAgent implements Agent {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The file in a saved agent's directory that names its shape and counters. */
  private static final String SAVED_FILE = "agent.json";

  static {
    NativeMemory.configure();
  }

  private final DqnConfig config;
  private final EvaluationChoice choice;
  private final int stateSize, actions;
  private MultiLayerNetwork online, target;
  private ReplayBuffer replay;
  private Random rng;
  private long steps, updates;
  private double lastLoss = Double.NaN;
  private INDArray tauScratch;

  private DqnAgent(DqnConfig config, int stateSize, int actions) {
    if (stateSize < 1 || actions < 1) {
      throw new IllegalArgumentException("a DQN needs state size >= 1 and actions >= 1, was " + stateSize + " and "
          + actions);
    }
    this.config = config;
    this.stateSize = stateSize;
    this.actions = actions;
    this.choice = new EvaluationChoice(config, actions);
    online = initialisedNetwork(config, stateSize, actions);
    target = online.clone();
    OwnGradientUpdater.install(online, null);
    replay = config.prioritised() ? ReplayBuffer.prioritised(config.replayCapacity(), stateSize, config.priorityAlpha())
        : ReplayBuffer.uniform(config.replayCapacity(), stateSize);
    rng = new Random(config.seed());
  }

  /** A builder with this project's defaults (see {@link Builder}). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The paper's vertical agent: MLP 64-64, AMSGrad lr 1e-3 with weight decay 0.01 (PyTorch AdamW's
   * default), gradient clip 100, replay 10,000 uniform, batch 8, gamma 0.99, epsilon 0.99 to 0.05
   * with exponential decay 50 steps, soft target tau 0.005, one update per step.
   */
  public static Builder paperVertical() {
    return paperHorizontal().hidden(64, 64).learningRate(1e-3).epsilon(Epsilon.exponential(0.99, 0.05, 50));
  }

  /**
   * The paper's horizontal agent: MLP 128-128, AMSGrad lr 1e-4 with weight decay 0.01, gradient clip
   * 100, replay 10,000 uniform, batch 8, gamma 0.99, epsilon 0.9 to 0.05 with exponential decay 150
   * steps, soft target tau 0.005, one update per step.
   */
  public static Builder paperHorizontal() {
    return new Builder().hidden(128, 128).learningRate(1e-4).amsgrad(true).weightDecay(0.01).gradientClip(100)
        .replayCapacity(10_000).batchSize(8).gamma(0.99).epsilon(Epsilon.exponential(0.9, 0.05, 150))
        .softTarget(0.005).updatesPerStep(1).learningStarts(8);
  }

  /**
   * Whether {@code dir} (possibly null) holds an agent saved with {@link #save}, e.g. a training
   * run's {@code checkpoint/agent}: for a clear error before {@link #restore}.
   *
   * <!-- given: Path dir -->
   * <pre>{@code
   * if (!DqnAgent.isSaved(dir)) throw new IllegalArgumentException(dir + " holds no saved agent");
   * }</pre>
   */
  public static boolean isSaved(Path dir) {
    return dir != null && Files.exists(dir.resolve(SAVED_FILE));
  }

  /** Loads an agent saved with {@link #save}. */
  public static DqnAgent restore(Path dir) throws IOException {
    Saved s = JSON.readValue(dir.resolve(SAVED_FILE).toFile(), Saved.class);
    DqnAgent a = new DqnAgent(s.config(), s.stateSize(), s.actions());
    a.load(dir);
    return a;
  }

  /**
   * The network seed used for seed 0: ND4J's generator drew other initial weights on every run when
   * seeded with 0, so an agent of seed 0 was the one agent that did not reproduce.
   */
  private static final long SEED_ZERO_STAND_IN = 0x9E3779B97F4A7C15L;

  /** A new network for {@code c}, its parameters drawn from c's seed (and the dueling head's map set). */
  static MultiLayerNetwork initialisedNetwork(DqnConfig c, int inputs, int outputs) {
    MultiLayerNetwork net = new MultiLayerNetwork(network(c, inputs, outputs));
    net.init();
    if (c.dueling()) {
      net.getLayer(net.getnLayers() - 2).setParam("W", Nd4j.create(duelingMap(outputs)));
    }
    return net;
  }

  private static MultiLayerConfiguration network(DqnConfig c, int inputs, int outputs) {
    NeuralNetConfiguration.Builder nb = new NeuralNetConfiguration.Builder()
        .seed(c.seed() == 0 ? SEED_ZERO_STAND_IN : c.seed())
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.RELU)
        .updater(c.amsgrad() ? new AMSGrad(c.learningRate()) : new Adam(c.learningRate()))
        .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
        .gradientNormalizationThreshold(c.gradientClip());
    if (c.weightDecay() > 0) {
      nb.weightDecay(c.weightDecay());
    }
    NeuralNetConfiguration.ListBuilder lb = nb.list();
    int in = inputs;
    for (int h : c.hidden()) {
      lb.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.RELU).build());
      in = h;
    }
    if (c.dueling()) {
      // [V, A_1..A_n] from one linear layer, then Q through a fixed map (set after init): a network
      // of layers in sequence, so the target copy, soft updates and checkpoints work unchanged
      lb.layer(new DenseLayer.Builder().nIn(in).nOut(outputs + 1).activation(Activation.IDENTITY)
          .weightInit(WeightInit.XAVIER).build());
      lb.layer(new FrozenLayerWithBackprop(new DenseLayer.Builder().nIn(outputs + 1).nOut(outputs).hasBias(false)
          .activation(Activation.IDENTITY).build()));
      lb.layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
    } else {
      lb.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(in).nOut(outputs)
          .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build());
    }
    return lb.build();
  }

  /** The dueling head's fixed map, row 0 from V and row 1 + i from A_i: Q_j = V + A_j - mean(A). */
  static float[][] duelingMap(int actions) {
    float[][] m = new float[actions + 1][actions];
    for (int j = 0; j < actions; j++) {
      m[0][j] = 1;
      for (int i = 0; i < actions; i++) {
        m[1 + i][j] = (i == j ? 1f : 0f) - 1f / actions;
      }
    }
    return m;
  }

  public DqnConfig config() {
    return config;
  }

  @Override public String name() {
    return "dqn";
  }

  @Override public boolean learns() {
    return true;
  }

  @Override public double epsilon() {
    return config.epsilon().at(steps);
  }

  @Override public double lastLoss() {
    return lastLoss;
  }

  /** Environment steps learned from. */
  public long steps() {
    return steps;
  }

  /** Gradient updates made. */
  public long updates() {
    return updates;
  }

  public int replaySize() {
    return replay.size();
  }

  /** Q-values of the online network for one state. */
  public double[] qValues(double[] state) {
    checkState(state);
    float[] q = outputs(online, row(state));
    double[] out = new double[q.length];
    for (int j = 0; j < q.length; j++) {
      out[j] = q[j];
    }
    return out;
  }

  /** The action with the highest Q-value. */
  public int greedy(double[] state) {
    return argMax(qValues(state));
  }

  @Override public Action act(Observation obs, boolean explore) {
    boolean[] ok = allowed(obs);
    int a = explore && rng.nextDouble() < epsilon() ? randomAllowed(ok) : greedy(obs, ok, !explore);
    return action(a, obs);
  }

  /** The best allowed action by the estimates alone: none of {@link EvaluationChoice}'s evaluation rules. */
  @Override public Action exploit(Observation obs) {
    return action(argMax(qValues(obs.state()), allowed(obs)), obs);
  }

  /** The mask's allowed actions after {@code obs} (null: all, when unmasked). */
  private boolean[] allowed(Observation obs) {
    EnvSpec spec = obs.spec();
    if (spec.actions().size() != actions || spec.stateSize() != stateSize) {
      throw new IllegalArgumentException("this DQN has " + stateSize + " inputs and " + actions
          + " actions; the environment has " + spec.stateSize() + " and " + spec.actions().size());
    }
    return config.masked() ? spec.actions().allowed(obs.configs(), obs.last(), spec) : null;
  }

  private static Action action(int a, Observation obs) {
    EnvSpec spec = obs.spec();
    return new Action(a, spec.actions().apply(a, obs.configs(), spec.bounds()));
  }

  /**
   * The best allowed action by the estimates, with the evaluation rules of {@link EvaluationChoice}
   * when {@code notExploring}.
   */
  private int greedy(Observation obs, boolean[] ok, boolean notExploring) {
    return choice.choose(qValues(obs.state()), obs, ok, notExploring);
  }

  @Override public void learn(Transition t) {
    learn(t, true);
  }

  /** Learns from a demonstration without advancing the exploration schedule. */
  @Override public void learnOffline(Transition t) {
    learn(t, false);
  }

  private void learn(Transition t, boolean ownStep) {
    if (t.action() < 0 || t.action() >= actions) {
      throw new IllegalArgumentException("transition action must be 0.." + (actions - 1) + ", was " + t.action());
    }
    replay.add(t);
    if (ownStep) {
      steps++;
    }
    if (replay.size() >= Math.max(config.learningStarts(), 1)) {
      for (int i = 0; i < config.updatesPerStep(); i++) {
        update();
      }
    }
  }

  /** One gradient update on a sampled minibatch; returns its mean Huber loss. */
  public double update() {
    int n = config.batchSize();
    double beta = config.priorityBeta() + (1 - config.priorityBeta()) * Math.min(1, steps / config.epsilon().steps());
    ReplayBuffer.Batch b = replay.sample(n, rng, beta);
    // Each INDArray is a handful of native allocations, so the batch crosses into ND4J as few
    // arrays as possible and comes back as one flat float[] each (not row by row).
    INDArray s = matrix(b.states());
    INDArray s2 = matrix(b.nexts());
    float[] q = outputs(online, matrix(b.states(), b.nexts()));   // rows 0..n-1: Q(s), n..2n-1: Q(s')
    float[] qTarget = outputs(target, s2);
    float[] y = new float[n * actions];
    double[] td = new double[n];
    double loss = 0;
    double delta = config.huberDelta();
    for (int i = 0; i < n; i++) {
      int row = i * actions;
      int a = b.actions()[i];
      double bootstrap = 0;
      if (!b.terminals()[i]) {
        int next = config.doubleDqn() ? argMax(q, (n + i) * actions, actions) : argMax(qTarget, row, actions);
        bootstrap = qTarget[row + next];
      }
      double qa = q[row + a];
      td[i] = b.rewards()[i] + config.gamma() * bootstrap - qa;
      double clipped = Math.max(-delta, Math.min(delta, td[i]));
      double abs = Math.abs(td[i]);
      loss += abs <= delta ? 0.5 * abs * abs : delta * (abs - 0.5 * delta);
      System.arraycopy(q, row, y, row, actions);
      y[row + a] = (float) (qa + b.weights()[i] * clipped);
    }
    online.fit(s, Nd4j.create(y, new long[] {n, actions}, 'c'));
    replay.updatePriorities(b.indices(), td);
    updates++;
    syncTarget();
    lastLoss = loss / n;
    return lastLoss;
  }

  private void syncTarget() {
    if (config.tau() > 0) {
      INDArray t = target.params();
      if (tauScratch == null || tauScratch.length() != t.length()) {
        tauScratch = t.ulike();   // reused: one parameter-sized native allocation per update adds up
      }
      t.muli(1 - config.tau()).addi(online.params().mul(config.tau(), tauScratch));
    } else if (updates % config.targetPeriod() == 0) {
      target.setParams(online.params().dup());
    }
  }

  /**
   * Saves the online network with its optimiser state, the target network, the replay buffer, the
   * random generator and the counters into {@code dir} (created if missing).
   */
  @Override public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    ModelSerializer.writeModel(online, dir.resolve("online.zip").toFile(), true);
    ModelSerializer.writeModel(target, dir.resolve("target.zip").toFile(), false);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(dir.resolve("replay.bin"))))) {
      replay.write(out);
    }
    try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(dir.resolve("rng.bin")))) {
      out.writeObject(rng);
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(SAVED_FILE).toFile(),
        new Saved(config, stateSize, actions, steps, updates, lastLoss));
  }

  /** Restores what {@link #save} wrote; the saved agent must have the same shape. */
  @Override public void load(Path dir) throws IOException {
    Saved s = JSON.readValue(dir.resolve(SAVED_FILE).toFile(), Saved.class);
    if (s.stateSize() != stateSize || s.actions() != actions) {
      throw new IllegalArgumentException("saved agent in " + dir + " has " + s.stateSize() + " inputs and "
          + s.actions() + " actions; this one " + stateSize + " and " + actions);
    }
    online = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("online.zip").toFile(), true);
    OwnGradientUpdater.install(online, online.getUpdater().getStateViewArray());
    target = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("target.zip").toFile(), false);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(
        Files.newInputStream(dir.resolve("replay.bin"))))) {
      replay = ReplayBuffer.read(in);
    }
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(dir.resolve("rng.bin")))) {
      rng = (Random) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot read the random generator in " + dir, e);
    }
    steps = s.steps();
    updates = s.updates();
    lastLoss = s.lastLoss();
  }

  /** Parameters of the online network, flattened (for tests and comparisons). */
  public double[] parameters() {
    return online.params().toDoubleVector();
  }

  /** Parameters of the target network, flattened. */
  public double[] targetParameters() {
    return target.params().toDoubleVector();
  }

  private void checkState(double[] state) {
    if (state.length != stateSize) {
      throw new IllegalArgumentException("state must have " + stateSize + " features, had " + state.length);
    }
  }

  private static INDArray row(double[] v) {
    return matrix(new double[][] {v});
  }

  /** The blocks' rows, one after another, as one float32 matrix. */
  private static INDArray matrix(double[][]... blocks) {
    int n = 0;
    int width = blocks[0][0].length;
    for (double[][] block : blocks) {
      n += block.length;
    }
    float[] m = new float[n * width];
    int k = 0;
    for (double[][] block : blocks) {
      for (double[] r : block) {
        for (double v : r) {
          m[k++] = (float) v;
        }
      }
    }
    return Nd4j.create(m, new long[] {n, width}, 'c');
  }

  /**
   * The network's outputs for {@code input}, row-major; read inside DL4J's inference workspace, so
   * no detached output array is allocated.
   */
  private static float[] outputs(MultiLayerNetwork net, INDArray input) {
    return net.output(input, null, null, FLOATS);
  }

  private static final OutputAdapter<float[]> FLOATS = out -> floats(out[0]);

  /** All elements of {@code m} in row-major order, copied out in one call. */
  private static float[] floats(INDArray m) {
    INDArray c = m.ordering() == 'c' && !m.isView() && m.data().length() == m.length() ? m : m.dup('c');
    return c.data().asFloat();
  }

  private static int argMax(float[] v, int from, int length) {
    int best = 0;
    for (int i = 1; i < length; i++) {
      if (v[from + i] > v[from + best]) {
        best = i;
      }
    }
    return best;
  }

  /** The allowed entry with the largest value ({@code ok} null: any entry). */
  static int argMax(double[] v, boolean[] ok) {
    int best = -1;
    for (int i = 0; i < v.length; i++) {
      if ((ok == null || ok[i]) && (best < 0 || v[i] > v[best])) {
        best = i;
      }
    }
    return best < 0 ? argMax(v) : best;
  }

  /** A uniformly drawn allowed action ({@code ok} null: any). */
  private int randomAllowed(boolean[] ok) {
    if (ok == null) {
      return rng.nextInt(actions);
    }
    int n = 0;
    for (boolean b : ok) {
      n += b ? 1 : 0;
    }
    int k = rng.nextInt(Math.max(1, n));
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] && k-- == 0) {
        return i;
      }
    }
    return rng.nextInt(actions);
  }

  static int argMax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /** What agent.json holds. */
  record Saved(DqnConfig config, int stateSize, int actions, long steps, long updates, double lastLoss) {}

  /**
   * Builds a {@link DqnAgent}. Defaults: MLP 64-64, Adam lr 1e-3, gamma 0.9, batch 32, replay 10,000
   * uniform, epsilon linear 1.0 to 0.05 over 200 steps, double DQN, soft target tau 0.01, Huber
   * delta 1, gradient clip 10, 2 updates per step from 32 transitions on, seed 1.
   */
  public static final class Builder {
    private int[] hidden = {64, 64};
    private double learningRate = 1e-3;
    private boolean amsgrad;
    private double weightDecay;
    private double gamma = 0.9;
    private int batchSize = 32;
    private int replayCapacity = 10_000;
    private boolean prioritised;
    private double priorityAlpha = 0.6, priorityBeta = 0.4;
    private Epsilon epsilon = Epsilon.linear(1.0, 0.05, 200);
    private double tau = 0.01;
    private int targetPeriod = 100;
    private double huberDelta = 1;
    private double gradientClip = 10;
    private int updatesPerStep = 2;
    private int learningStarts = 32;
    private boolean doubleDqn = true;
    private boolean dueling;
    private long seed = 1;
    private boolean masked;
    private double steadyTrim;
    private double rampUtilisation;
    private double trimUtilisation;

    public Builder hidden(int... v) {
      hidden = v.clone();
      return this;
    }

    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    public Builder amsgrad(boolean v) {
      amsgrad = v;
      return this;
    }

    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    public Builder gamma(double v) {
      gamma = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder replayCapacity(int v) {
      replayCapacity = v;
      return this;
    }

    /** Prioritised replay with these exponents instead of uniform. */
    public Builder prioritised(double alpha, double beta) {
      prioritised = true;
      priorityAlpha = alpha;
      priorityBeta = beta;
      return this;
    }

    public Builder epsilon(Epsilon v) {
      epsilon = v;
      return this;
    }

    /** Soft target updates: target = tau * online + (1 - tau) * target after every update. */
    public Builder softTarget(double tau) {
      if (!(tau > 0 && tau <= 1)) {
        throw new IllegalArgumentException("tau must be in (0, 1], was " + tau);
      }
      this.tau = tau;
      return this;
    }

    /** Hard target updates: copy the online network every {@code updates} updates. */
    public Builder hardTarget(int updates) {
      tau = 0;
      targetPeriod = updates;
      return this;
    }

    public Builder huberDelta(double v) {
      huberDelta = v;
      return this;
    }

    public Builder gradientClip(double v) {
      gradientClip = v;
      return this;
    }

    public Builder updatesPerStep(int v) {
      updatesPerStep = v;
      return this;
    }

    public Builder learningStarts(int v) {
      learningStarts = v;
      return this;
    }

    public Builder doubleDqn(boolean v) {
      doubleDqn = v;
      return this;
    }

    /** A dueling head, Q = V + A - mean(A) (default false). */
    public Builder dueling(boolean v) {
      dueling = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Whether the agent never lowers the cores of a function that just missed its SLO (default false). */
    public Builder masked(boolean v) {
      masked = v;
      return this;
    }

    /**
     * When not exploring, on a steady load, after a step that met the SLO: the cheapest action whose
     * Q-value is within {@code v} of the best instead of the best, never down to a limit that recently
     * missed the SLO (default 0: always the best; see {@link DqnConfig#steadyTrim}).
     */
    public Builder steadyTrim(double v) {
      steadyTrim = v;
      return this;
    }

    /**
     * When not exploring, on a rising load that is not a burst: never fewer cores than the use
     * projected one step ahead over {@code v}, e.g. 0.8 (default 0: no lead; see
     * {@link DqnConfig#rampUtilisation}).
     */
    public Builder rampUtilisation(double v) {
      rampUtilisation = v;
      return this;
    }

    /**
     * When not exploring, on a steady load, after a step that met the SLO: also any action that leaves
     * the recent CPU use at most {@code v} of the new limit, e.g. 0.75 (default 0: Q-values alone; see
     * {@link DqnConfig#trimUtilisation}).
     */
    public Builder trimUtilisation(double v) {
      trimUtilisation = v;
      return this;
    }

    public DqnConfig config() {
      return new DqnConfig(hidden, learningRate, amsgrad, weightDecay, gamma, batchSize, replayCapacity, prioritised,
          priorityAlpha, priorityBeta, epsilon, tau, targetPeriod, huberDelta, gradientClip, updatesPerStep,
          learningStarts, doubleDqn, dueling, seed, masked, steadyTrim, rampUtilisation,
          trimUtilisation);
    }

    /** An agent for {@code stateSize} inputs and {@code actions} outputs. */
    public DqnAgent build(int stateSize, int actions) {
      return new DqnAgent(config(), stateSize, actions);
    }

    /** An agent shaped for {@code env}. */
    public DqnAgent build(ScalingEnv env) {
      return build(env.spec().stateSize(), env.spec().actions().size());
    }
  }
}
