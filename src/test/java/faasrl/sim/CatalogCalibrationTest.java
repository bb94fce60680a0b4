package faasrl.sim;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.FunctionSpec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalog's calibration: a well-provisioned single function (one replica of 1000m) at moderate
 * load (200 RPS, Poisson) has p90 in the 1-2 ms the paper reports. Chained functions are made of
 * such hops: their p90 must add up from their callees' (see data/functions/online-shop.yaml).
 */
class CatalogCalibrationTest {
  static Stream<String> functions() {
    return CatalogRuns.SHOP.names().stream();
  }

  @ParameterizedTest
  @MethodSource("functions")
  void wellProvisionedFunctionAtModerateLoadHasP90OfOneToTwoMilliseconds(String function) {
    StepResult r = CatalogRuns.run(function, ScalingConfig.defaults(), 200, 30);
    FunctionMetrics m = r.function(function);
    assertThat(m.failed()).isZero();
    assertThat(m.throttledFraction()).as("well provisioned: rarely throttled").isLessThan(0.02);
    FunctionSpec spec = CatalogRuns.SHOP.get(function);
    if (spec.calls().isEmpty()) {
      assertThat(m.p90Micros()).as(function + " p90").isBetween(1000.0, 2000.0);
      return;
    }
    double p50s = 0, p90s = 0;
    for (String callee : spec.calls()) {
      FunctionMetrics hop = r.function(callee);
      assertThat(hop.p90Micros()).as(callee + " called by " + function).isBetween(1000.0, 2000.0);
      p50s += hop.p50Micros();
      p90s += hop.p90Micros();
    }
    double own = spec.overheadMicros() + spec.cpu().mean();
    assertThat(m.p90Micros()).as(function + " p90 from its hops").isBetween(own + p50s, own * 2 + p90s);
  }
}
