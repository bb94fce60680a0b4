package faasrl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.ScalingConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The joint agent's space (hold, or one function +-1 replica) and the factored product of many functions. */
class OneAtATimeSpaceTest {
  static final List<String> NINE = List.of("ad", "cart", "currency", "email", "payment", "catalog", "shipping",
      "recommendation", "checkout");

  @Test void nineFunctionsGiveNineteenActionsEachMovingAtMostOneFunctionByOneReplica() {
    ActionSpace s = ActionSpace.oneAtATime(ActionSpace.horizontalKnobs(NINE));
    assertThat(s.size()).isEqualTo(19);
    assertThat(s.noop()).isZero();
    assertThat(s.describe(0)).isEqualTo("noop");
    int[] moved = new int[NINE.size()];
    for (int a = 1; a < s.size(); a++) {
      int[] d = s.decode(a);
      assertThat(Arrays.stream(d).filter(x -> x != 0).count()).as("action %d", a).isEqualTo(1);
      for (int k = 0; k < d.length; k++) {
        assertThat(Math.abs(d[k])).isLessThanOrEqualTo(1);
        moved[k] += d[k] != 0 ? 1 : 0;
      }
    }
    assertThat(moved).containsOnly(2);   // every function: -1 and +1
    assertThat(s.describe(2)).isEqualTo("ad replicas+1");
    assertThat(s.describe(18)).isEqualTo("checkout replicas+1");
  }

  @Test void applyMovesOnlyTheChosenFunctionWithinTheBounds() {
    ActionSpace s = ActionSpace.oneAtATime(ActionSpace.horizontalKnobs(List.of("a", "b")));
    Map<String, ScalingConfig> now = new LinkedHashMap<>();
    now.put("a", ScalingConfig.defaults().replicas(1));
    now.put("b", ScalingConfig.defaults().replicas(3));
    Bounds bounds = Bounds.of(20, 1000, 1, 10);
    assertThat(s.apply(4, now, bounds).get("b").replicas()).isEqualTo(4);
    assertThat(s.apply(4, now, bounds).get("a").replicas()).isEqualTo(1);
    assertThat(s.apply(1, now, bounds).get("a").replicas()).isEqualTo(1);   // clamped at the floor
    assertThat(s.apply(0, now, bounds)).isEqualTo(now);
    assertThat(s.toString()).contains("5 actions", "one_at_a_time");
  }

  @Test void theProductOfNineFunctionsIsRefusedButTheFactoredOneIsIndexed() {
    assertThatThrownBy(() -> ActionSpace.horizontal(NINE)).hasMessageContaining("more than 4096 joint actions");
    ActionSpace f = ActionSpace.factored(ActionSpace.horizontalKnobs(NINE));
    assertThat(f.size()).isEqualTo(19_683);
    assertThat(f.combination()).isEqualTo(ActionSpace.Combination.FACTORED);
    assertThat(f.decode(f.size() - 1)).containsOnly(1);
    assertThat(f.noop()).isEqualTo(f.size() / 2);
  }
}
