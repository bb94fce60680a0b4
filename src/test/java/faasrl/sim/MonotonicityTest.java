package faasrl.sim;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every catalog function: latency rises with asked RPS and falls with the CPU limit and with
 * replicas, and tight limits show CFS throttling. Loads are set by the function's own CPU demand
 * (RPS x mean CPU per request) relative to its quota, so every function is compared at the same
 * utilisation. Requests run in parallel on up to one core each, so latency is flat while the quota
 * is far from spent and rises steeply near it: the checks are "never better with more load or less
 * CPU" (within 0.5%) and "clearly worse at the tight end".
 */
class MonotonicityTest {
  private static final double SECONDS = 20;
  private static final double SAME = 1.005;
  private static final ScalingConfig TIGHT = ScalingConfig.defaults().cpuMillicores(300);

  static Stream<String> functions() {
    return CatalogRuns.SHOP.names().stream();
  }

  /** RPS at which {@code function} asks {@code cores} of CPU on average. */
  private static double rpsFor(String function, double cores) {
    return cores * 1e6 / CatalogRuns.SHOP.get(function).cpu().mean();
  }

  @ParameterizedTest
  @MethodSource("functions")
  void latencyRisesWithRps(String function) {
    FunctionMetrics low = CatalogRuns.measure(function, TIGHT, rpsFor(function, 0.3 * 0.3), SECONDS);
    FunctionMetrics mid = CatalogRuns.measure(function, TIGHT, rpsFor(function, 0.6 * 0.3), SECONDS);
    FunctionMetrics high = CatalogRuns.measure(function, TIGHT, rpsFor(function, 0.95 * 0.3), SECONDS);
    assertThat(low.meanMicros()).isLessThan(mid.meanMicros() * SAME);
    assertThat(mid.meanMicros()).isLessThan(high.meanMicros());
    assertThat(low.p99Micros()).isLessThan(high.p99Micros());
    assertThat(high.throttledFraction()).isGreaterThan(low.throttledFraction());
  }

  @ParameterizedTest
  @MethodSource("functions")
  void latencyFallsWithTheCpuLimitAndTightLimitsAreThrottled(String function) {
    double rps = rpsFor(function, 0.2);
    ScalingConfig c = ScalingConfig.defaults();
    FunctionMetrics tight = CatalogRuns.measure(function, c.cpuMillicores(220), rps, SECONDS);
    FunctionMetrics some = CatalogRuns.measure(function, c.cpuMillicores(300), rps, SECONDS);
    FunctionMetrics ample = CatalogRuns.measure(function, c.cpuMillicores(1000), rps, SECONDS);
    assertThat(tight.meanMicros()).isGreaterThan(some.meanMicros());
    assertThat(ample.meanMicros()).isLessThan(some.meanMicros() * SAME);
    assertThat(tight.p99Micros()).isGreaterThan(ample.p99Micros());
    assertThat(tight.throttledFraction()).as("throttled periods at 220m").isGreaterThan(0.05);
    assertThat(ample.throttledFraction()).isLessThan(tight.throttledFraction());
  }

  @ParameterizedTest
  @MethodSource("functions")
  void latencyFallsWithReplicas(String function) {
    double rps = rpsFor(function, 1.2 * 0.3); // more than one 300m replica can serve
    FunctionMetrics one = CatalogRuns.measure(function, TIGHT, rps, SECONDS);
    FunctionMetrics two = CatalogRuns.measure(function, TIGHT.replicas(2), rps, SECONDS);
    FunctionMetrics four = CatalogRuns.measure(function, TIGHT.replicas(4), rps, SECONDS);
    assertThat(one.meanMicros()).isGreaterThan(two.meanMicros());
    assertThat(four.meanMicros()).isLessThan(two.meanMicros() * SAME);
    assertThat(one.p99Micros()).isGreaterThan(four.p99Micros());
    assertThat(one.throttledFraction()).isGreaterThan(four.throttledFraction());
  }
}
