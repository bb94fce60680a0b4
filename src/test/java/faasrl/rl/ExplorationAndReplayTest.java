package faasrl.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import faasrl.env.Transition;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Epsilon schedules and replay buffers: the agents' parts that need no network. */
class ExplorationAndReplayTest {
  @Test void epsilonSchedules() {
    assertThat(Epsilon.linear(1, 0.1, 100).at(50)).isCloseTo(0.55, offset(1e-12));
    assertThat(Epsilon.linear(1, 0.1, 100).at(500)).isEqualTo(0.1);
    assertThat(Epsilon.exponential(0.99, 0.05, 50).at(0)).isEqualTo(0.99);
    assertThat(Epsilon.exponential(0.99, 0.05, 50).at(1000)).isCloseTo(0.05, offset(1e-6));
    assertThatThrownBy(() -> Epsilon.linear(1.5, 0, 10)).hasMessageContaining("[0, 1]");
  }

  @Test void uniformReplayKeepsTheNewestAndSamplesAll() {
    ReplayBuffer r = ReplayBuffer.uniform(4, 1);
    for (int i = 0; i < 6; i++) {
      r.add(new Transition(new double[] {i}, 0, i, new double[] {i}, false));
    }
    assertThat(r.size()).isEqualTo(4);
    ReplayBuffer.Batch b = r.sample(400, new Random(1), 0.4);
    assertThat(b.rewards()).containsOnly(2.0, 3.0, 4.0, 5.0).contains(2.0, 3.0, 4.0, 5.0);
    assertThat(b.weights()).containsOnly(1.0);
  }

  @Test void prioritisedReplaySamplesInProportionToPriority() {
    ReplayBuffer r = ReplayBuffer.prioritised(3, 1, 1.0);
    for (int i = 0; i < 3; i++) {
      r.add(new Transition(new double[] {i}, 0, i, new double[] {i}, false));
    }
    r.updatePriorities(new int[] {0, 1, 2}, new double[] {1, 0, 3});   // priorities ~1, ~0, ~3
    int[] counts = new int[3];
    ReplayBuffer.Batch b = r.sample(4000, new Random(2), 1.0);
    for (int i : b.indices()) {
      counts[i]++;
    }
    assertThat(counts[1]).isLessThan(20);
    assertThat((double) counts[2] / counts[0]).isBetween(2.6, 3.4);
    // importance weights: rarer samples weigh more, the largest weight is 1
    double w0 = 0, w2 = 0;
    for (int i = 0; i < b.indices().length; i++) {
      if (b.indices()[i] == 0) {
        w0 = b.weights()[i];
      } else if (b.indices()[i] == 2) {
        w2 = b.weights()[i];
      }
    }
    assertThat(w0).isGreaterThan(w2);
  }
}
