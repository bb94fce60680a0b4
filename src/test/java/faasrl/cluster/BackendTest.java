package faasrl.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The backends register themselves, so code that must not depend on one finds it by name. */
class BackendTest {
  @Test void theThreeBackendsAreRegisteredByName() {
    assertThat(Backend.all()).extracting(Backend::name).containsExactly("sim", "local", "knative");
  }

  @Test void theDefaultSimulatorIsThePapersClusterAndSeeded() {
    try (Cluster sim = Backend.named("sim").start(7)) {
      assertThat(sim.backend()).isEqualTo("sim");
      assertThat(sim.deterministic()).isTrue();
      assertThat(sim.nodes()).hasSize(4).allSatisfy(n -> assertThat(n.cores()).isEqualTo(20));
    }
  }

  @Test void anUnknownNameListsTheRegisteredOnes() {
    assertThatThrownBy(() -> Backend.named("lambda")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no backend 'lambda' (registered: sim, local, knative)");
  }
}
