package faasrl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.Catalog;
import faasrl.function.FunctionSpec;
import faasrl.function.UnknownFunctionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Cold starts, revisions, deadlines, throttling, chains, clock and bad input on the catalog functions. */
class SimulatorBehaviourTest {
  private static final FunctionSpec ADS = Catalog.onlineShop().get("adservice");

  private static SimulatedCluster cluster() {
    return Clusters.simulated().seed(3).start();
  }

  private static FunctionMetrics step(SimulatedCluster c, String fn, LoadPattern p, double seconds) {
    return Conservation.check(c.run(Load.of(fn, p).seconds(seconds))).function(fn);
  }

  @Test
  void requestsWaitForTheColdStartThenRunWarm() {
    try (SimulatedCluster c = cluster()) {
      c.deploy(ADS);
      FunctionMetrics cold = step(c, "adservice", LoadPattern.constant(100), 10);
      assertThat(cold.coldStarts()).isEqualTo(1);
      assertThat(cold.failed()).isZero();
      // the first requests waited in the activator for the 4 s cold start
      assertThat(cold.maxMicros()).isBetween(3_900_000.0, 4_100_000.0);
      FunctionMetrics warm = step(c, "adservice", LoadPattern.constant(100), 10);
      assertThat(warm.coldStarts()).isZero();
      assertThat(warm.p99Micros()).isLessThan(5_000);
      assertThat(c.clock()).isEqualTo(Duration.ofSeconds(20));
    }
  }

  @Test
  void aNewCpuLimitRollsOutARevisionWhileTheOldPodServes() {
    try (SimulatedCluster c = cluster()) {
      c.deploy(ADS).awaitReady();
      c.scale("adservice", c.config("adservice").cpuMillicores(500));
      FunctionMetrics m = step(c, "adservice", LoadPattern.poisson(200), 10);
      assertThat(m.coldStarts()).isEqualTo(1);
      assertThat(m.failed()).isZero();
      assertThat(m.p99Micros()).as("no request waited for the new pod's cold start").isLessThan(10_000);
      assertThat(m.readyReplicas()).isEqualTo(1);
      assertThat(m.config().cpuMillicores()).isEqualTo(500);
      // 1000m for the 4 s cold start, then 500m: the time-averaged limit lies between
      assertThat(m.cpuLimitCores()).isBetween(0.5, 1.5);
    }
  }

  @Test
  void inPlaceResizeNeedsNoColdStartAndReplicasDo() {
    try (SimulatedCluster c = Clusters.simulated().inPlaceResize(true).seed(3).start()) {
      c.deploy(ADS).awaitReady();
      c.scale("adservice", c.config("adservice").cpuMillicores(500));
      FunctionMetrics m = step(c, "adservice", LoadPattern.poisson(200), 10);
      assertThat(m.coldStarts()).isZero();
      assertThat(m.cpuLimitCores()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
      c.scale("adservice", c.config("adservice").replicas(3));
      FunctionMetrics wider = step(c, "adservice", LoadPattern.poisson(200), 10);
      assertThat(wider.coldStarts()).isEqualTo(2);
      assertThat(wider.readyReplicas()).isEqualTo(3);
    }
  }

  @Test
  void zeroReplicasTimeOutEveryRequestAndTimeoutsAreNeverLatencies() {
    try (SimulatedCluster c = cluster()) {
      c.deploy(ADS).awaitReady();
      c.scale("adservice", c.config("adservice").replicas(0));
      StepResult r = Conservation.check(c.run(Load.of("adservice", LoadPattern.constant(100)).seconds(5)
          .deadline(Duration.ofSeconds(1))));
      FunctionMetrics m = r.function("adservice");
      assertThat(m.completed()).isZero();
      assertThat(m.timedOut()).isBetween(390L, 400L);
      assertThat(m.inFlight()).isBetween(99L, 101L); // the last second's requests
      assertThat(m.histogram().getTotalCount()).isZero();
    }
  }

  @Test
  void overloadFailsRequestsAtTheDeadlineAndRecordsOnlyRepliesInTime() {
    try (SimulatedCluster c = cluster()) {
      c.deploy(ADS, ScalingConfig.defaults().cpuMillicores(250)).awaitReady();
      StepResult r = Conservation.check(c.run(Load.of("adservice", LoadPattern.poisson(2000)).seconds(10)
          .deadline(Duration.ofMillis(500))));
      FunctionMetrics m = r.function("adservice");
      assertThat(m.timedOut()).isGreaterThan(m.issued() / 2);
      assertThat(m.completedRps()).isLessThan(m.askedRps() / 2);
      assertThat(m.maxMicros()).isLessThanOrEqualTo(501_000);
      assertThat(m.throttledFraction()).isGreaterThan(0.9);
    }
  }

  @Test
  void checkoutCallsItsSixFunctionsAndWaitsForThem() {
    try (SimulatedCluster c = cluster()) {
      c.deploy(Catalog.onlineShop(), ScalingConfig.defaults()).awaitReady();
      StepResult r = Conservation.check(c.run(Load.of("checkoutservice", LoadPattern.constant(100)).seconds(10)));
      FunctionMetrics checkout = r.function("checkoutservice");
      double parts = 0;
      for (String callee : Catalog.onlineShop().get("checkoutservice").calls()) {
        FunctionMetrics m = r.function(callee);
        assertThat(m.issued()).as(callee).isBetween(checkout.issued() - 1, checkout.issued());
        parts += m.meanMicros();
      }
      assertThat(r.functions()).doesNotContainKey("adservice");
      // checkout's own overhead and CPU come on top of its calls
      assertThat(checkout.meanMicros()).isGreaterThan(parts + 450);
      assertThat(checkout.meanMicros()).isLessThan(parts + 450 + 1000);
    }
  }

  @Test
  void badInputIsRefusedAndNothingChanges() {
    try (SimulatedCluster c = cluster()) {
      c.deploy(ADS).awaitReady();
      ScalingConfig before = c.config("adservice");
      assertThatThrownBy(() -> c.scale("nosuch", before)).isInstanceOf(UnknownFunctionException.class)
          .hasMessageContaining("nosuch").hasMessageContaining("adservice");
      assertThatThrownBy(() -> c.scale("adservice", before.cpuMillicores(30_000)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30000m");
      assertThatThrownBy(() -> c.scale("adservice", before.memoryMiB(100)))
          .hasMessageContaining("memory limit 100 MiB");
      assertThat(c.config("adservice")).isEqualTo(before);
      assertThatThrownBy(() -> c.deploy(Catalog.onlineShop().get("checkoutservice")))
          .hasMessageContaining("calls 'cartservice', which is not deployed");
      assertThatThrownBy(() -> c.run(Load.of("adservice", LoadPattern.constant(10)).and("ghost",
          LoadPattern.constant(10)))).isInstanceOf(UnknownFunctionException.class).hasMessageContaining("ghost");
      assertThat(c.functions()).containsExactly("adservice");
      c.deploy(FunctionSpec.builder("front").cpu(faasrl.function.Distribution.deterministic(100))
          .calls(java.util.List.of("adservice")).build());
      assertThatThrownBy(() -> c.deploy(ADS.toBuilder().calls(java.util.List.of("front")).build()))
          .hasMessageContaining("call cycle adservice -> front -> adservice");
      assertThatThrownBy(() -> c.remove("adservice")).hasMessageContaining("'front' calls it");
      c.remove("front");
      assertThatThrownBy(() -> Clusters.simulated().workers(0)).hasMessageContaining("workers must be 1..1000");
      Duration clock = c.clock();
      FunctionMetrics m = step(c, "adservice", LoadPattern.constant(10), 1);
      assertThat(m.coldStarts()).isZero();
      assertThat(c.clock()).isEqualTo(clock.plusSeconds(1));
    }
  }

  @Test
  void requestsInFlightCarryOverIntoTheNextStep() {
    try (SimulatedCluster c = cluster()) {
      c.deploy(ADS, ScalingConfig.defaults().cpuMillicores(250)).awaitReady();
      FunctionMetrics overloaded = step(c, "adservice", LoadPattern.constant(1000), 2);
      assertThat(overloaded.inFlight()).isGreaterThan(100);
      // the backlog is still there: light load now still waits behind it
      FunctionMetrics after = step(c, "adservice", LoadPattern.constant(10), 1);
      assertThat(after.p50Micros()).isGreaterThan(100_000);
      // given time without load, the backlog drains
      c.idle(Duration.ofSeconds(30));
      assertThat(c.readyReplicas("adservice")).isEqualTo(1);
      FunctionMetrics drained = step(c, "adservice", LoadPattern.constant(10), 1);
      assertThat(drained.p99Micros()).isLessThan(5_000);
    }
  }

  @Test
  void theNewRevisionGetsNoTrafficUntilAllItsPodsAreReady() {
    try (SimulatedCluster c = Clusters.simulated().workers(3).seed(3).start()) {
      c.deploy(ADS, ScalingConfig.defaults().replicas(2)).awaitReady();
      // the old pods sit on workers 1 and 2; only worker 3 has room for a 19.5-core pod
      c.scale("adservice", c.config("adservice").cpuMillicores(19_500));
      StepResult r = Conservation.check(c.run(Load.of("adservice", LoadPattern.poisson(300)).seconds(10)));
      FunctionMetrics m = r.function("adservice");
      assertThat(m.coldStarts()).isEqualTo(1);
      assertThat(r.nodes().get(2).node()).isEqualTo("worker-3");
      assertThat(r.nodes().get(2).cpuUser()).as("the ready new pod gets no traffic").isZero();
      assertThat(r.nodes().get(0).cpuUser()).isPositive();
      assertThat(m.cpuLimitCores()).as("two old pods of 1 core and the placed new one")
          .isCloseTo(21.5, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(c.pendingPods()).isEqualTo(1);
      assertThat(m.readyReplicas()).isEqualTo(2);
      assertThat(m.failed()).isZero();
    }
  }

  @Test
  void roundRobinQueuesAtThePodAndAnswers503BeyondTenTimesItsConcurrency() {
    try (SimulatedCluster c = Clusters.simulated().routing(Routing.ROUND_ROBIN).seed(3).start()) {
      c.deploy(ADS, ScalingConfig.defaults().containerConcurrency(1)).awaitReady();
      // about 2400 RPS fit one request at a time on one core: twice that overflows the queue-proxy
      FunctionMetrics m = step(c, "adservice", LoadPattern.poisson(5000), 5);
      assertThat(m.rejected()).isGreaterThan(m.issued() / 3);
      assertThat(m.timedOut()).isZero();
      // a request waits behind at most 10 queued + 1 running: about 11 service times
      assertThat(m.p99Micros()).isLessThan(20 * 1000);
      assertThat(m.completedRps()).isBetween(2000.0, 2600.0);
    }
  }

  @Test
  void theActivatorHoldsTenThousandRequestsThenAnswers503() {
    try (SimulatedCluster c = cluster()) {
      c.deploy(ADS).awaitReady();
      c.scale("adservice", c.config("adservice").replicas(0));
      FunctionMetrics m = step(c, "adservice", LoadPattern.constant(3000), 5);
      assertThat(m.issued()).isBetween(14_999L, 15_000L);
      // the buffer's 10,000, plus those still on the wire (0.55 ms of overhead) at the end
      assertThat(m.inFlight()).isBetween((long) Engine.ACTIVATOR_CAPACITY, Engine.ACTIVATOR_CAPACITY + 2L);
      assertThat(m.rejected()).isEqualTo(m.issued() - m.inFlight());
      // the buffer stays full through the new pods' 4 s cold start, then drains into them
      c.scale("adservice", c.config("adservice").replicas(4));
      FunctionMetrics later = step(c, "adservice", LoadPattern.constant(10), 10);
      assertThat(later.coldStarts()).isEqualTo(4);
      assertThat(later.rejected()).isBetween(38L, 41L);
      assertThat(later.completed()).isEqualTo(later.issued() - later.rejected());
      assertThat(later.p99Micros()).as("the backlog spread over the four new pods").isGreaterThan(100_000);
    }
  }

  @Test
  void anUnlimitedPodTakesTenThousandRequestsThenTheActivatorThen503() {
    try (SimulatedCluster c = cluster()) {
      c.deploy(ADS, ScalingConfig.defaults().cpuMillicores(100)).awaitReady();
      // 100m serves about 240 RPS: 200,000 RPS would pile up without bound in an unbounded pod
      FunctionMetrics m = step(c, "adservice", LoadPattern.poisson(200_000), 2);
      assertThat(m.issued()).isBetween(390_000L, 410_000L);
      long held = Engine.UNLIMITED_POD_CAPACITY + Engine.ACTIVATOR_CAPACITY;
      // the pod's 10,000 and the activator's 10,000, plus those still on the wire at the end
      assertThat(m.inFlight()).isBetween(held - m.completed(), held + 1_000);
      assertThat(m.rejected()).isGreaterThan(m.issued() - held - 1_000);
      assertThat(m.timedOut()).isZero();
    }
  }
}
