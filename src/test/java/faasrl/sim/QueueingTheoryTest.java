package faasrl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.Distribution;
import faasrl.function.FunctionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulator against queueing theory, on pure-queue profiles (no overheads, no cold start). */
class QueueingTheoryTest {
  private static final double SERVICE_US = 1000;

  private static FunctionSpec exponentialQueue() {
    return FunctionSpec.builder("queue").cpu(Distribution.exponential(SERVICE_US)).build().pureQueue();
  }

  private static FunctionMetrics run(FunctionSpec spec, ScalingConfig config, double rps, double seconds) {
    try (SimulatedCluster c = Clusters.simulated().seed(42).start()) {
      c.deploy(spec, config).awaitReady();
      StepResult r = Conservation.check(c.run(Load.of(spec.name(), LoadPattern.poisson(rps)).seconds(seconds)));
      return r.function(spec.name());
    }
  }

  /** M/M/1 (FCFS by containerConcurrency 1): sojourn time is exponential with rate mu - lambda. */
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.8})
  void mm1SojournMeanAndP90MatchTheory(double load) {
    double mu = 1e6 / SERVICE_US;
    double lambda = load * mu;
    FunctionMetrics m = run(exponentialQueue(), ScalingConfig.defaults().containerConcurrency(1), lambda,
        load < 0.7 ? 2000 : 6000);
    double meanUs = 1e6 / (mu - lambda);
    double p90Us = Math.log(10) * meanUs;
    assertThat(m.meanMicros()).isCloseTo(meanUs, withPercentage(3));
    assertThat(m.p90Micros()).isCloseTo(p90Us, withPercentage(3));
    assertThat(m.failed()).isZero();
    assertThat(m.throttledPeriods()).as("one request on one core never exceeds a 1000m quota").isZero();
  }

  /**
   * M/M/1 with processor sharing: a runtime that runs one request at a time on CPU (parallelism 1)
   * with unlimited concurrency shares its core; mean sojourn is 1/(mu - lambda) as for FCFS.
   */
  @Test
  void singleThreadedRuntimeIsAProcessorSharingQueue() {
    double mu = 1e6 / SERVICE_US;
    double lambda = 0.7 * mu;
    FunctionSpec ps = exponentialQueue().toBuilder().parallelism(1).build();
    FunctionMetrics m = run(ps, ScalingConfig.defaults(), lambda, 4000);
    assertThat(m.meanMicros()).isCloseTo(1e6 / (mu - lambda), withPercentage(3));
    assertThat(m.cpuUsedCores()).isCloseTo(0.7, within(0.01));
  }

  /** M/M/4: four single-slot replicas behind the activator's central FIFO; mean wait is Erlang C. */
  @Test
  void mmcMeanWaitMatchesErlangC() {
    int c = 4;
    double mu = 1e6 / SERVICE_US;
    double lambda = 0.8 * c * mu;
    FunctionMetrics m = run(exponentialQueue(),
        ScalingConfig.defaults().replicas(c).containerConcurrency(1), lambda, 1500);
    double waitUs = erlangC(c, lambda / mu) / (c * mu - lambda) * 1e6;
    assertThat(m.meanMicros() - SERVICE_US).isCloseTo(waitUs, withPercentage(5));
  }

  static double erlangC(int c, double a) {
    double term = 1;
    double sum = 1; // k = 0
    for (int k = 1; k < c; k++) {
      term *= a / k;
      sum += term;
    }
    double last = term * a / c / (1 - a / c);
    return last / (sum + last);
  }

  @Test
  void erlangCFormulaIsRight() {
    assertThat(erlangC(1, 0.5)).isCloseTo(0.5, within(1e-12)); // M/M/1: P(wait) = rho
    assertThat(erlangC(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
  }

  /**
   * CFS: 50 ms of CPU under a 250m limit gets 25 ms per 100 ms period. Starting at a period's start
   * it runs 25 ms, is throttled 75 ms, runs 25 ms: done at 125 ms. Starting 50 ms into a period it
   * runs 25 ms, waits 25 ms for the next period, runs 25 ms: done at 75 ms.
   */
  @ParameterizedTest
  @ValueSource(doubles = {1.0, 1.05})
  void cfsQuotaThrottlesOneRequestToTheExactPeriodArithmetic(double arrivalSecond) {
    FunctionSpec spec = FunctionSpec.builder("cfs").cpu(Distribution.deterministic(50_000)).build();
    try (SimulatedCluster c = Clusters.simulated().seed(1).start()) {
      c.deploy(spec, ScalingConfig.defaults().cpuMillicores(250));
      // a single arrival at arrivalSecond (constant rate 1/arrivalSecond, step shorter than two gaps)
      StepResult r = Conservation.check(c.run(Load.of("cfs", LoadPattern.constant(1 / arrivalSecond))
          .seconds(arrivalSecond + 0.5).recordLatencies(true)));
      FunctionMetrics m = r.function("cfs");
      long expectedUs = arrivalSecond == 1.0 ? 125_000 : 75_000;
      assertThat(m.issued()).isEqualTo(1);
      assertThat(m.latenciesMicros()).containsExactly(expectedUs);
      assertThat(m.throttledPeriods()).isEqualTo(1);
      assertThat(m.periods()).isEqualTo(2);
      assertThat(m.cpuUsedCores() * (arrivalSecond + 0.5)).isCloseTo(0.050, within(1e-9));
    }
  }

  /** Two requests of 10 ms on a one-core node at the same instant: each gets half the core, 20 ms. */
  @Test
  void aNodesCoresAreSharedWhenOversubscribed() {
    try (SimulatedCluster c = Clusters.simulated().workers(1).coresPerWorker(1).seed(1).start()) {
      for (String name : new String[] {"a", "b"}) {
        c.deploy(FunctionSpec.builder(name).cpu(Distribution.deterministic(10_000)).build(),
            ScalingConfig.defaults().cpuMillicores(500)); // two 500m pods fill the one core
      }
      LoadPattern once = LoadPattern.constant(1); // first arrival at 1 s
      StepResult r = Conservation.check(c.run(Load.of("a", once).and("b", once).seconds(1.5)
          .recordLatencies(true)));
      assertThat(r.function("a").latenciesMicros()).containsExactly(20_000);
      assertThat(r.function("b").latenciesMicros()).containsExactly(20_000);
      assertThat(r.node().cpuUser()).isCloseTo(0.020 / 1.5, within(1e-9));
      assertThat(r.function("a").throttledPeriods()).isZero();
    }
  }

  @Test
  void sameSeedSameResultOtherSeedOtherResult() {
    FunctionSpec spec = exponentialQueue();
    Load load = Load.of("queue", LoadPattern.poisson(700)).seconds(20);
    long[] a = latencies(spec, load, 5);
    long[] b = latencies(spec, load, 5);
    long[] other = latencies(spec, load, 6);
    assertThat(a).isNotEmpty().isEqualTo(b);
    assertThat(other).isNotEqualTo(a);
  }

  private static long[] latencies(FunctionSpec spec, Load load, long seed) {
    try (SimulatedCluster c = Clusters.simulated().seed(seed).start()) {
      c.deploy(spec);
      Conservation.check(c.run(load.recordLatencies(true)));
      return Conservation.check(c.run(load.recordLatencies(true))).function("queue").latenciesMicros();
    }
  }
}
