package faasrl.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.env.Action;
import faasrl.env.ActionSpace;
import faasrl.env.Bounds;
import faasrl.env.EnvSpec;
import faasrl.env.Fixtures;
import faasrl.env.Observation;
import faasrl.env.Reward;
import faasrl.env.Rewards;
import faasrl.env.StateEncoders;
import faasrl.env.StepOutcome;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared per-function DQN: joint actions from per-function choices, masking at bounds, per-function learning. */
class PerFunctionDqnTest {
  static final String[] FNS = {"a", "b", "c"};
  static final ScalingConfig ONE = ScalingConfig.defaults().cpuMillicores(250).replicas(1);
  static final ScalingConfig TEN = ONE.replicas(10);

  static EnvSpec horizontalSpec() {
    Map<String, Double> slo = new LinkedHashMap<>();
    for (String f : FNS) {
      slo.put(f, 5000.0);
    }
    return new EnvSpec(List.of(FNS), slo, 10, Bounds.of(20, 1000, 1, 10), ActionSpace.horizontal(List.of(FNS)),
        StateEncoders.NORMALISED_FEATURES * FNS.length, 0.01);
  }

  /** A step in which function i ran with configs[i], slow (p90 20 ms) if overloaded[i]. */
  static Observation observation(EnvSpec spec, ScalingConfig[] configs, boolean[] overloaded) {
    StepResult r = Fixtures.step(0, 0.3,
        Fixtures.metrics("a", configs[0], overloaded[0] ? 20_000 : 1_000, 6000, 6000).cpuUsedCores(0.3).build(),
        Fixtures.metrics("b", configs[1], overloaded[1] ? 20_000 : 1_000, 6000, 6000).cpuUsedCores(0.2).build(),
        Fixtures.metrics("c", configs[2], overloaded[2] ? 20_000 : 1_000, 6000, 6000).cpuUsedCores(0.6).build());
    Map<String, ScalingConfig> c = new LinkedHashMap<>();
    for (int i = 0; i < FNS.length; i++) {
      c.put(FNS[i], configs[i]);
    }
    return new Observation(StateEncoders.normalised().encode(r, c, spec), r, c, spec, 10, List.of(r));
  }

  @Test void neverChoosesAMoveOffTheBounds() {
    EnvSpec spec = horizontalSpec();
    PerFunctionDqn agent = PerFunctionDqn.builder().seed(3).build();
    Observation atFloor = observation(spec, new ScalingConfig[] {ONE, ONE, ONE}, new boolean[3]);
    Observation atCeiling = observation(spec, new ScalingConfig[] {TEN, TEN, TEN}, new boolean[3]);
    for (int i = 0; i < 200; i++) {
      for (int d : spec.actions().decode(agent.act(atFloor, true).index())) {
        assertThat(d).isGreaterThanOrEqualTo(0);
      }
      for (int d : spec.actions().decode(agent.act(atCeiling, true).index())) {
        assertThat(d).isLessThanOrEqualTo(0);
      }
    }
  }

  @Test void learnsOneTransitionPerFunctionAndMirrorsMaskedMovesOfANoop() {
    EnvSpec spec = horizontalSpec();
    PerFunctionDqn agent = PerFunctionDqn.builder().seed(3).build();
    ScalingConfig two = ONE.replicas(2);
    Observation before = observation(spec, new ScalingConfig[] {two, two, two}, new boolean[3]);
    int up = 2 * 9 + 2 * 3 + 2; // +1 on every function
    Action a = new Action(up, spec.actions().apply(up, before.configs(), spec.bounds()));
    Observation after = observation(spec, new ScalingConfig[] {ONE.replicas(3), ONE.replicas(3), ONE.replicas(3)},
        new boolean[3]);
    agent.learn(before, a, new StepOutcome(after, 0, true, false, false, after.last(), a));
    assertThat(agent.network().steps()).isEqualTo(3);

    Observation floor = observation(spec, new ScalingConfig[] {ONE, two, two}, new boolean[3]);
    int noop = spec.actions().noop();
    Action keep = new Action(noop, floor.configs());
    agent.learn(floor, keep, new StepOutcome(floor, 0, true, false, false, floor.last(), keep));
    assertThat(agent.network().steps()).as("3 no-ops, plus function a's masked -1").isEqualTo(7);
  }

  @Test void rewardsEachFunctionForItsOwnStep() {
    EnvSpec spec = horizontalSpec();
    double[] seen = new double[3];
    int[] calls = {0};
    Reward spy = new Reward() {
      @Override public double of(StepResult r, Map<String, ScalingConfig> configs, EnvSpec s, int consecutiveMet) {
        assertThat(s.functions()).hasSize(1);
        seen[calls[0]++] = Rewards.sloCost().of(r, configs, s, consecutiveMet);
        return seen[calls[0] - 1];
      }

      @Override public String name() {
        return "spy";
      }
    };
    PerFunctionDqn agent = PerFunctionDqn.builder().reward(spy).seed(3).build();
    ScalingConfig two = ONE.replicas(2);
    Observation o = observation(spec, new ScalingConfig[] {two, two, two}, new boolean[] {false, true, false});
    int noop = spec.actions().noop();
    Action keep = new Action(noop, o.configs());
    agent.learn(o, keep, new StepOutcome(o, 0, false, false, false, o.last(), keep));
    assertThat(calls[0]).isEqualTo(3);
    assertThat(seen[1]).as("b missed its SLO, a and c did not").isLessThan(seen[0] - 0.9);
    assertThat(seen[0]).isEqualTo(seen[2]);
  }

  @Test void seesTheUtilisationOneReplicaFewerWouldRunAt() {
    EnvSpec spec = horizontalSpec();
    PerFunctionDqn agent = PerFunctionDqn.builder().build();
    Observation o = observation(spec, new ScalingConfig[] {ONE.replicas(3), ONE, ONE.replicas(2)}, new boolean[3]);
    double[] a = agent.features(o, "a");
    assertThat(a).hasSize(PerFunctionDqn.FEATURES);
    assertThat(a[PerFunctionDqn.FEATURES - 1]).as("0.3 cores on 2 x 250m: 60%, halved")
        .isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(agent.features(o, "c")[PerFunctionDqn.FEATURES - 1]).as("0.6 cores on 1 x 250m: capped at 2")
        .isEqualTo(1);
    assertThat(agent.features(o, "b")[PerFunctionDqn.FEATURES - 1]).as("no replica to remove").isEqualTo(1);
  }

  @Test void rejectsAnotherActionSpace() {
    EnvSpec vertical = Fixtures.spec(5000, FNS);
    Observation o = observation(vertical, new ScalingConfig[] {ONE, ONE, ONE}, new boolean[3]);
    PerFunctionDqn agent = PerFunctionDqn.builder().build();
    assertThatThrownBy(() -> agent.act(o, false)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("horizontal action space");
  }

  @Test void savesAndRestoresTheSameGreedyChoices(@TempDir Path dir) throws Exception {
    EnvSpec spec = horizontalSpec();
    PerFunctionDqn agent = PerFunctionDqn.builder().seed(5).build();
    Observation o = observation(spec, new ScalingConfig[] {ONE.replicas(4), ONE.replicas(2), ONE.replicas(7)},
        new boolean[] {true, false, false});
    agent.save(dir);
    PerFunctionDqn again = PerFunctionDqn.builder().seed(99).build();
    again.load(dir);
    assertThat(again.network().qValues(again.features(o, "a"))).containsExactly(
        agent.network().qValues(agent.features(o, "a")));
    assertThat(again.act(o, false).index()).isEqualTo(agent.act(o, false).index());
  }

  @Test void independentNetworksLearnOnlyFromTheirOwnFunction() {
    EnvSpec spec = horizontalSpec();
    PerFunctionDqn agent = PerFunctionDqn.builder().sharedNetwork(false).seed(3).build();
    assertThat(agent.sharedNetwork()).isFalse();
    assertThatThrownBy(agent::network).isInstanceOf(IllegalStateException.class);
    ScalingConfig two = ONE.replicas(2);
    Observation floor = observation(spec, new ScalingConfig[] {ONE, two, two}, new boolean[3]);
    Action keep = new Action(spec.actions().noop(), floor.configs());
    agent.learn(floor, keep, new StepOutcome(floor, 0, true, false, false, floor.last(), keep));
    assertThat(agent.network("a").steps()).as("a's no-op and its masked -1").isEqualTo(2);
    assertThat(agent.network("b").steps()).isEqualTo(1);
    assertThat(agent.network("c").steps()).isEqualTo(1);
    assertThat(agent.network("a")).isNotSameAs(agent.network("b"));
    assertThat(agent.network("a").qValues(agent.features(floor, "b")))
        .as("own seeds: the same state valued differently").isNotEqualTo(
            agent.network("b").qValues(agent.features(floor, "b")));
    PerFunctionDqn shared = PerFunctionDqn.builder().seed(3).build();
    assertThat(shared.sharedNetwork()).isTrue();
    assertThat(shared.network("a")).isSameAs(shared.network("b")).isSameAs(shared.network());
  }

  @Test void savesAndRestoresIndependentNetworksButNotIntoASharedOne(@TempDir Path dir) throws Exception {
    EnvSpec spec = horizontalSpec();
    PerFunctionDqn agent = PerFunctionDqn.builder().sharedNetwork(false).seed(5).build();
    Observation o = observation(spec, new ScalingConfig[] {ONE.replicas(4), ONE.replicas(2), ONE.replicas(7)},
        new boolean[] {true, false, false});
    int chosen = agent.act(o, false).index();
    agent.save(dir);
    PerFunctionDqn again = PerFunctionDqn.builder().sharedNetwork(false).seed(99).build();
    again.load(dir);
    for (String f : FNS) {
      assertThat(again.network(f).qValues(again.features(o, f))).containsExactly(
          agent.network(f).qValues(agent.features(o, f)));
    }
    assertThat(again.act(o, false).index()).isEqualTo(chosen);
    assertThatThrownBy(() -> PerFunctionDqn.builder().build().load(dir)).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("independent networks");
  }

  /** Steps in which function "a" ran with {@code replicas[i]} at {@code rps[i]}, missing where {@code missed[i]}. */
  static Observation history(EnvSpec spec, int[] replicas, double[] rps, boolean[] missed) {
    return history(spec, replicas, rps, missed, 0);
  }

  /** As {@link #history(EnvSpec, int[], double[], boolean[])}, "a" using {@code fill} of its CPU limit in each step. */
  static Observation history(EnvSpec spec, int[] replicas, double[] rps, boolean[] missed, double fill) {
    List<StepResult> steps = new java.util.ArrayList<>();
    Map<String, ScalingConfig> c = new LinkedHashMap<>();
    for (int i = 0; i < replicas.length; i++) {
      long issued = Math.round(rps[i] * 10);
      c.put("a", ONE.replicas(replicas[i]));
      c.put("b", ONE);
      c.put("c", ONE);
      steps.add(Fixtures.step(10 * i, 0.3,
          Fixtures.metrics("a", c.get("a"), missed[i] ? 20_000 : 1_000, issued, issued)
              .cpuUsedCores(fill * c.get("a").cpuCores() * replicas[i]).build(),
          Fixtures.metrics("b", ONE, 1_000, 1000, 1000).build(), Fixtures.metrics("c", ONE, 1_000, 1000, 1000).build()));
    }
    StepResult last = steps.get(steps.size() - 1);
    return new Observation(StateEncoders.normalised().encode(last, c, spec), last, c, spec, 10 * steps.size(), steps);
  }

  @Test void theMissMemoryBlocksOnlyAReplicaRemovedIntoACountThatMissedAtThisRate() {
    EnvSpec spec = horizontalSpec();
    // 1 replica missed at 600 RPS, then 2 met: back to 1 would miss again
    assertThat(PerFunctionDqn.removingMisses(history(spec, new int[] {1, 2}, new double[] {600, 600},
        new boolean[] {true, false}), "a")).isTrue();
    // ... but not once the rate has fallen by more than 5%, nor for a miss at a higher rate
    assertThat(PerFunctionDqn.removingMisses(history(spec, new int[] {1, 2}, new double[] {600, 500},
        new boolean[] {true, false}), "a")).isFalse();
    // 2 replicas missed (a hold), so 1 would too
    assertThat(PerFunctionDqn.removingMisses(history(spec, new int[] {2, 2, 3}, new double[] {600, 600, 600},
        new boolean[] {false, true, false}), "a")).isTrue();
    // a miss at 2 right after raising from 1 is the backlog of 1: 3 may go back to 2
    assertThat(PerFunctionDqn.removingMisses(history(spec, new int[] {1, 2, 3}, new double[] {600, 600, 600},
        new boolean[] {true, true, false}), "a")).isFalse();
    // a miss at 1 says nothing of 2: 3 may go to 2
    assertThat(PerFunctionDqn.removingMisses(history(spec, new int[] {1, 2, 3}, new double[] {600, 600, 600},
        new boolean[] {true, false, false}), "a")).isFalse();
  }

  @Test void aReplicaAddedAndRemovedAgainIsNotAddedASecondTimeWhileTheLowerCountMeets() {
    EnvSpec spec = horizontalSpec();
    // 2, then 3 for a step, then 2 met again at the same rate: the third replica would flip-flop
    assertThat(PerFunctionDqn.addingBackUnforced(history(spec, new int[] {2, 3, 2}, new double[] {600, 600, 600},
        new boolean[3]), "a")).isTrue();
    assertThat(PerFunctionDqn.addingBackUnforced(history(spec, new int[] {2, 3, 2, 2, 2}, new double[] {600, 600, 600, 610, 590},
        new boolean[5]), "a")).isTrue();
    // a miss at 2 since the removal, or a rate more than 5% above what 2 met, and the third may come back
    assertThat(PerFunctionDqn.addingBackUnforced(history(spec, new int[] {2, 3, 2, 2}, new double[] {600, 600, 600, 600},
        new boolean[] {false, false, false, true}), "a")).isFalse();
    assertThat(PerFunctionDqn.addingBackUnforced(history(spec, new int[] {2, 3, 2, 2}, new double[] {600, 600, 600, 700},
        new boolean[4]), "a")).isFalse();
    // ... nor where 2 ran hotter than its CPU periods allow: at 300 RPS a replica 0.85 full misses now and then
    assertThat(PerFunctionDqn.addingBackUnforced(history(spec, new int[] {2, 3, 2}, new double[] {600, 600, 600},
        new boolean[3], 0.5), "a")).isTrue();
    assertThat(PerFunctionDqn.addingBackUnforced(history(spec, new int[] {2, 3, 2}, new double[] {600, 600, 600},
        new boolean[3], 0.85), "a")).isFalse();
    // a removal after a long hold (or with no add remembered before it) may be undone
    int[] longHold = new int[22];
    java.util.Arrays.fill(longHold, 3);
    longHold[0] = 2;
    longHold[21] = 2;
    double[] rates = new double[22];
    java.util.Arrays.fill(rates, 600);
    assertThat(PerFunctionDqn.addingBackUnforced(history(spec, longHold, rates, new boolean[22]), "a")).isFalse();
    assertThat(PerFunctionDqn.addingBackUnforced(history(spec, new int[] {3, 2, 2}, new double[] {600, 600, 600},
        new boolean[3]), "a")).isFalse();
  }

  @Test void withTheMissMemoryTheGreedyChoiceNeverRepeatsAFlipFlop() {
    EnvSpec spec = horizontalSpec();
    Observation o = history(spec, new int[] {2, 3, 2}, new double[] {600, 600, 600}, new boolean[3]);
    int wouldAddBack = 0;
    for (long seed = 1; seed <= 40; seed++) {
      PerFunctionDqn plain = PerFunctionDqn.builder().seed(seed).build();
      PerFunctionDqn remembering = PerFunctionDqn.builder().seed(seed).missMemory(true).build();
      assertThat(spec.actions().decode(remembering.act(o, false).index())[0]).as("seed %d", seed).isNotPositive();
      if (spec.actions().decode(plain.act(o, false).index())[0] > 0) {
        wouldAddBack++;
      }
    }
    assertThat(wouldAddBack).as("untrained nets that add the replica back without the rule").isPositive();
  }

  @Test void withTheMissMemoryTheGreedyChoiceNeverStepsBackIntoAMissButExplorationMay() {
    EnvSpec spec = horizontalSpec();
    Observation o = history(spec, new int[] {1, 2}, new double[] {600, 600}, new boolean[] {true, false});
    int wouldStepDown = 0;
    for (long seed = 1; seed <= 40; seed++) {
      PerFunctionDqn plain = PerFunctionDqn.builder().seed(seed).build();
      PerFunctionDqn remembering = PerFunctionDqn.builder().seed(seed).missMemory(true).build();
      assertThat(spec.actions().decode(remembering.act(o, false).index())[0]).as("seed %d", seed).isNotNegative();
      if (spec.actions().decode(plain.act(o, false).index())[0] < 0) {
        wouldStepDown++;
      }
    }
    assertThat(wouldStepDown).as("untrained nets that step down without the memory").isPositive();
    PerFunctionDqn exploring = PerFunctionDqn.builder().seed(1).missMemory(true).build();
    int down = 0;
    for (int i = 0; i < 100; i++) {
      down += spec.actions().decode(exploring.act(o, true).index())[0] < 0 ? 1 : 0;
    }
    assertThat(down).as("exploring (training) is unchanged").isPositive();
  }
}
