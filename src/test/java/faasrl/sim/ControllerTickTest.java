package faasrl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.function.Distribution;
import faasrl.function.FunctionSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Controllers that act inside a step ({@link SimulatedCluster#every}), what they read, and scale to zero. */
class ControllerTickTest {
  private static final FunctionSpec SLOW = FunctionSpec.builder("slow").cpu(Distribution.deterministic(500_000))
      .coldStart(Duration.ofSeconds(2)).build();

  @Test void aControllerTicksOnSimulatedTimeAcrossStepsAndIdling() {
    try (SimulatedCluster c = SimulatedCluster.builder().seed(1).start()) {
      c.deploy(SLOW, ScalingConfig.defaults()).awaitReady();
      long start = c.clock().toMillis();
      List<Long> ticks = new ArrayList<>();
      c.every(Duration.ofSeconds(2), () -> ticks.add(c.clock().toMillis() - start));
      c.run(Load.of("slow", LoadPattern.constant(1)).seconds(5));
      c.idle(Duration.ofMillis(3500)); // an event at a step's very end falls in the next
      assertThat(ticks).containsExactly(2000L, 4000L, 6000L, 8000L);
      assertThatThrownBy(() -> c.every(Duration.ZERO, () -> { })).hasMessageContaining("> 0");
    }
  }

  @Test void concurrencyCountsCallsInPodsAndInTheActivatorAndAControllerMayScaleToZeroAndBack() {
    try (SimulatedCluster c = SimulatedCluster.builder().seed(1).start()) {
      c.deploy(SLOW, ScalingConfig.defaults().replicas(0)).awaitReady();
      List<Integer> seen = new ArrayList<>();
      c.every(Duration.ofMillis(100), () -> {
        seen.add(c.concurrency("slow"));
        if (c.concurrency("slow") > 0 && c.config("slow").replicas() == 0) {
          c.scale("slow", c.config("slow").replicas(1)); // as the activator's poke does
        }
      });
      var m = c.run(Load.of("slow", LoadPattern.constant(2)).seconds(10)).function("slow");
      assertThat(m.coldStarts()).isEqualTo(1);
      assertThat(m.issued()).isEqualTo(19); // at 0.5, 1.0, ..., 9.5 s
      assertThat(m.completed()).isPositive();
      assertThat(seen).contains(1, 2); // held in the activator during the cold start, then in the pod
      assertThat(c.answeredSeconds("slow")).isGreaterThan(m.completed() * 0.5);
    }
  }
}
