package faasrl.sim;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.StepResult;

/** The check every simulator test makes: no request is lost or counted twice. */
final class Conservation {
  private Conservation() {}

  static StepResult check(StepResult r) {
    for (FunctionMetrics m : r.functions().values()) {
      assertThat(m.inFlight()).as(m.function() + " in flight").isNotNegative();
      assertThat(m.completed() + m.failed() + m.inFlight())
          .as(m.function() + ": issued = completed + failed + in flight").isEqualTo(m.issued());
      assertThat(m.histogram().getTotalCount()).as(m.function() + " latencies recorded")
          .isEqualTo(m.completed());
    }
    return r;
  }
}
