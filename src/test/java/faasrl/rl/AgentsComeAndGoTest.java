package faasrl.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Action;
import faasrl.env.ActionSpace;
import faasrl.env.Observation;
import faasrl.env.ScalingEnv;
import faasrl.env.StepOutcome;
import faasrl.env.Termination;
import faasrl.experiment.ClusterFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One agent per function on a shared cluster, as functions are deployed and removed while the
 * shared network trains; and the joint agent's action space.
 */
class AgentsComeAndGoTest {

  static ScalingEnv env(Cluster c, String... functions) {
    return ScalingEnv.horizontal(c, functions).load(LoadPattern.poisson(300)).randomReset(true)
        .termination(Termination.truncateAfter(6)).seed(5).build();
  }

  /** Trains {@code steps} steps and returns how often each function's replicas were changed by the agent. */
  static int[] train(PerFunctionDqn agent, ScalingEnv env, int steps) {
    List<String> fs = env.spec().functions();
    int[] moves = new int[fs.size()];
    Observation obs = env.reset();
    for (int i = 0; i < steps; i++) {
      Action a = agent.act(obs, true);
      assertThat(a.configs().keySet()).containsExactlyElementsOf(fs);
      for (int k = 0; k < fs.size(); k++) {
        moves[k] += a.configs().get(fs.get(k)).replicas() != obs.config(fs.get(k)).replicas() ? 1 : 0;
      }
      StepOutcome o = env.step(a);
      agent.learn(obs, a, o);
      obs = o.done() ? env.reset() : o.observation();
    }
    return moves;
  }

  @Test void aFunctionDeployedAfterTrainingStartedGetsAnAgentAndARemovedOneLosesIt() {
    PerFunctionDqn agent = PerFunctionDqn.builder().seed(3).build();
    try (Cluster c = ClusterFactory.SIMULATED.start(11)) {
      train(agent, env(c, "adservice", "cartservice", "currencyservice"), 8);
      assertThat(agent.agents()).containsExactly("adservice", "cartservice", "currencyservice");
      long learned = agent.network().steps();
      assertThat(learned).as("a transition per function and step, more at the bounds").isGreaterThanOrEqualTo(8 * 3);

      c.remove("currencyservice");
      int[] moves = train(agent, env(c, "adservice", "cartservice", "emailservice"), 8);
      assertThat(c.functions()).contains("emailservice").doesNotContain("currencyservice");
      assertThat(agent.agents()).containsExactly("adservice", "cartservice", "emailservice");
      assertThat(moves[2]).as("the new function's agent acts (epsilon is still high)").isPositive();
      assertThat(agent.network().steps()).as("the shared network learns from the new function too")
          .isGreaterThanOrEqualTo(learned + 8 * 3);
    }
  }

  @Test void theJointAgentMovesOneFunctionAtATimeOverNineFunctions() {
    List<String> nine = faasrl.function.Catalog.onlineShop().names();
    JointDqn joint = JointDqn.builder().functions(nine.size()).seed(4).build();
    assertThat(JointDqn.actions(9)).isEqualTo(19);
    assertThat(joint.network().qValues(new double[JointDqn.stateSize(9)])).hasSize(19);
    try (Cluster c = ClusterFactory.SIMULATED.start(12)) {
      ScalingEnv env = ScalingEnv.horizontal(c, nine.toArray(new String[0]))
          .actions(ActionSpace.oneAtATime(ActionSpace.horizontalKnobs(nine))).load(LoadPattern.poisson(100))
          .resetConfig(ScalingConfig.defaults().cpuMillicores(250)).seed(6).build();
      Observation obs = env.reset();
      assertThat(joint.state(obs)).hasSize(9 * PerFunctionDqn.FEATURES);
      for (int i = 0; i < 6; i++) {
        Action a = joint.act(obs, true);
        int changed = 0;
        for (String f : nine) {
          int d = a.configs().get(f).replicas() - obs.config(f).replicas();
          assertThat(Math.abs(d)).isLessThanOrEqualTo(1);
          changed += d != 0 ? 1 : 0;
        }
        assertThat(changed).isLessThanOrEqualTo(1);
        StepOutcome o = env.step(a);
        joint.learn(obs, a, o);
        obs = o.observation();
      }
      assertThat(joint.network().steps()).isEqualTo(6);
      ScalingEnv product;
      try (Cluster c2 = ClusterFactory.SIMULATED.start(13)) {
        product = ScalingEnv.horizontal(c2, "adservice").build();
        Observation one = product.reset();
        assertThatThrownBy(() -> JointDqn.builder().functions(1).build().act(one, false))
            .hasMessageContaining("one-at-a-time");
      }
    }
  }
}
