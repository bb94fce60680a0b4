package faasrl.rl;

import faasrl.env.Action;
import faasrl.env.Agent;
import faasrl.env.EnvSpec;
import faasrl.env.Observation;
import faasrl.env.ScalingEnv;
import faasrl.env.StepOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.deeplearning4j.gym.StepReply;
import org.deeplearning4j.rl4j.learning.configuration.QLearningConfiguration;
import org.deeplearning4j.rl4j.learning.sync.qlearning.discrete.QLearningDiscreteDense;
import org.deeplearning4j.rl4j.mdp.MDP;
import org.deeplearning4j.rl4j.network.configuration.DQNDenseNetworkConfiguration;
import org.deeplearning4j.rl4j.policy.DQNPolicy;
import org.deeplearning4j.rl4j.space.ArrayObservationSpace;
import org.deeplearning4j.rl4j.space.Box;
import org.deeplearning4j.rl4j.space.DiscreteSpace;
import org.deeplearning4j.rl4j.space.ObservationSpace;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The same environments through RL4J's {@code QLearningDiscreteDense} (rl4j-core 1.0.0-M1.1, the
 * last release, running on DL4J 1.0.0-M2.1), for users who want to compare with RL4J. RL4J owns
 * the training loop: {@link #train} hands it the environment as an RL4J {@code MDP}; the trained
 * greedy policy then acts like any other {@link Agent}.
 *
 * <p>RL4J keeps its replay memory private, so a killed RL4J training cannot be resumed; the trained
 * policy can be saved and loaded.
 *
 * <!-- given: ScalingEnv env; Observation obs -->
 * <pre>{@code
 * Rl4jAgent agent = Rl4jAgent.train(env, 600, 7, outcome -> System.err.println(outcome.reward()));
 * Action a = agent.act(obs, false);
 * }</pre>
 */
public final class Rl4jAgent implements Agent {
  private static final String FILE = "rl4j-policy.zip";

  static {
    NativeMemory.configure();
  }
  private DQNPolicy<Box> policy;

  private Rl4jAgent(DQNPolicy<Box> policy) {
    this.policy = policy;
  }

  /**
   * Trains with RL4J's defaults set to match {@link DqnAgent}'s: MLP 64-64 Adam 1e-3, double DQN,
   * gamma 0.9, batch 32, replay 10,000, TD error clamped at 1 (Huber-like), hard target updates
   * every 100 steps, epsilon linear to 0.05 over 60% of the steps, episodes as {@code env} ends them
   * (at most 24 steps). {@code onStep} sees every training step (for logs).
   */
  public static Rl4jAgent train(ScalingEnv env, int steps, long seed, Consumer<StepOutcome> onStep) {
    if (steps < 1) {
      throw new IllegalArgumentException("RL4J training steps must be >= 1, was " + steps);
    }
    QLearningConfiguration conf = QLearningConfiguration.builder().seed(seed).maxEpochStep(24).maxStep(steps)
        .expRepMaxSize(10_000).batchSize(32).targetDqnUpdateFreq(100).updateStart(32).rewardFactor(1).gamma(0.9)
        .errorClamp(1.0).minEpsilon(0.05).epsilonNbStep(Math.max(1, (int) (0.6 * steps))).doubleDQN(true).build();
    DQNDenseNetworkConfiguration net = DQNDenseNetworkConfiguration.builder().updater(new Adam(1e-3))
        .numHiddenNodes(64).numLayers(2).build();
    QLearningDiscreteDense<Box> q = new QLearningDiscreteDense<>(new EnvMdp(env, onStep), net, conf);
    q.train();
    return new Rl4jAgent(q.getPolicy());
  }

  /** Loads a policy saved with {@link #save}. */
  public static Rl4jAgent restore(Path dir) throws IOException {
    return new Rl4jAgent(DQNPolicy.load(dir.resolve(FILE).toString()));
  }

  @Override public String name() {
    return "rl4j";
  }

  @Override public Action act(Observation obs, boolean explore) {
    int a = policy.nextAction(Nd4j.create(new double[][] {obs.state()}));
    EnvSpec spec = obs.spec();
    return new Action(a, spec.actions().apply(a, obs.configs(), spec.bounds()));
  }

  @Override public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    policy.save(dir.resolve(FILE).toString());
  }

  @Override public void load(Path dir) throws IOException {
    policy = DQNPolicy.load(dir.resolve(FILE).toString());
  }

  /** A {@link ScalingEnv} as an RL4J MDP over its state vector and action indices. */
  private static final class EnvMdp implements MDP<Box, Integer, DiscreteSpace> {
    private final ScalingEnv env;
    private final Consumer<StepOutcome> onStep;
    private Observation last;
    private boolean done;

    EnvMdp(ScalingEnv env, Consumer<StepOutcome> onStep) {
      this.env = env;
      this.onStep = onStep;
    }

    @Override public ObservationSpace<Box> getObservationSpace() {
      return new ArrayObservationSpace<>(new int[] {env.spec().stateSize()});
    }

    @Override public DiscreteSpace getActionSpace() {
      return new DiscreteSpace(env.spec().actions().size());
    }

    @Override public Box reset() {
      last = env.reset();
      done = false;
      return new Box(last.state());
    }

    @Override public StepReply<Box> step(Integer action) {
      StepOutcome o = env.step(env.action(action, last));
      onStep.accept(o);
      last = o.observation();
      done = o.done();
      return new StepReply<>(new Box(last.state()), o.reward(), done, null);
    }

    @Override public boolean isDone() {
      return done;
    }

    @Override public void close() {}

    @Override public MDP<Box, Integer, DiscreteSpace> newInstance() {
      throw new UnsupportedOperationException("the environment wraps one cluster; RL4J's asynchronous learners "
          + "are not supported");
    }
  }
}
