package faasrl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.NodeMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.Catalog;
import faasrl.function.Distribution;
import faasrl.function.FunctionSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The simulator's exact output on fixed scenarios, as a SHA-256 of every metric and every request's
 * latency. Speed work on the engine (event queue, request slots, samplers) must not change a single
 * bit: a different random-number stream or different arithmetic shows here. A different order of
 * simultaneous events need not: ties rarely decide an outcome (breaking them the other way in the
 * event queue left all five digests as they are), so keep the queue's order by construction. When a
 * change of the simulated behaviour is intended, replace the expected digest with the one the
 * failure prints.
 *
 * <p>The scenarios cover what the hot path does: downstream calls across the online shop; evenly
 * spaced arrivals (many events at the same nanosecond) with CFS throttling and a new revision's
 * cold start; round-robin queueing with containerConcurrency 1, deadlines and 503s; an
 * oversubscribed node with in-place resizing; fixed service times, whose events coincide.
 *
 * <p>The digests were recorded on x86-64, where HotSpot's {@code Math.log} and {@code Math.exp}
 * give the same bits on every machine; elsewhere they may differ in the last bit, so the test runs
 * on x86-64 only.
 */
class SimulatorFingerprintTest {

  @Test
  void onlineShopWithDownstreamCalls() {
    assertDigest("a", b -> b.workers(4), c -> {
      c.deploy(Catalog.onlineShop(), ScalingConfig.defaults().replicas(2)).awaitReady();
      return new StepResult[] {c.run(Load.of(Catalog.onlineShop().names(), LoadPattern.poisson(300))
          .seconds(3).recordLatencies(true))};
    });
  }

  @Test
  void evenlySpacedArrivalsThrottledThenANewRevision() {
    assertDigest("b", b -> b.workers(1), c -> {
      c.deploy(Catalog.onlineShop().get("adservice"), ScalingConfig.defaults().cpuMillicores(100)).awaitReady();
      Load load = Load.of("adservice", LoadPattern.constant(400)).seconds(2).recordLatencies(true);
      StepResult first = c.run(load);
      c.scale("adservice", ScalingConfig.defaults().cpuMillicores(300).replicas(2));
      return new StepResult[] {first, c.run(load.offset(Duration.ofSeconds(2))), c.run(load.offset(Duration.ofSeconds(4)))};
    });
  }

  @Test
  void roundRobinQueueingWithDeadlinesAndRejections() {
    assertDigest("c", b -> b.workers(2).routing(Routing.ROUND_ROBIN), c -> {
      c.deploy(Catalog.onlineShop().get("cartservice"),
          ScalingConfig.defaults().cpuMillicores(200).replicas(2).containerConcurrency(1)).awaitReady();
      Load load = Load.of("cartservice", LoadPattern.bursty(100, 900, 1, 0.3)).seconds(3)
          .deadline(Duration.ofMillis(100)).recordLatencies(true);
      return new StepResult[] {c.run(load), c.run(load.offset(Duration.ofSeconds(3)))};
    });
  }

  @Test
  void oversubscribedNodeResizedInPlace() {
    assertDigest("d", b -> b.workers(1).coresPerWorker(2).inPlaceResize(true), c -> {
      c.deploy(Catalog.onlineShop().get("productcatalogservice"), ScalingConfig.defaults().cpuMillicores(200));
      c.deploy(Catalog.onlineShop().get("recommendationservice"),
          ScalingConfig.defaults().cpuMillicores(800).replicas(2).containerConcurrency(4)).awaitReady();
      Load load = Load.of("recommendationservice", LoadPattern.step(200, 2500, 1)).seconds(2)
          .deadline(Duration.ofMillis(50)).recordLatencies(true);
      StepResult first = c.run(load);
      c.scale("recommendationservice", ScalingConfig.defaults().cpuMillicores(600).replicas(2).containerConcurrency(4));
      return new StepResult[] {first, c.run(load.offset(Duration.ofSeconds(2)))};
    });
  }

  /** Two pure queues with fixed service times on one core: thousands of events fall on the same nanosecond. */
  @Test
  void simultaneousEventsOnOneCore() {
    assertDigest("e", b -> b.workers(1).coresPerWorker(1), c -> {
      c.deploy(FunctionSpec.builder("p").cpu(Distribution.deterministic(700)).io(Distribution.deterministic(300))
          .build().pureQueue(), ScalingConfig.defaults().cpuMillicores(500).containerConcurrency(2));
      c.deploy(FunctionSpec.builder("q").cpu(Distribution.lognormal(400, 0.5)).build().pureQueue(),
          ScalingConfig.defaults().cpuMillicores(500).containerConcurrency(2)).awaitReady();
      Load load = Load.of(List.of("p", "q"), LoadPattern.constant(1000)).seconds(2)
          .deadline(Duration.ofMillis(300)).recordLatencies(true);
      return new StepResult[] {c.run(load), c.run(load.offset(Duration.ofSeconds(2)))};
    });
  }

  // ---------------------------------------------------------------- digests

  /** Expected digests, recorded when lognormal service times became tabulated (Sampler.LogNormal). */
  private static String expected(String scenario) {
    return switch (scenario) {
      case "a" -> "d3f5dd1db801dc4390cf2e4de64a7fddb8053103367c429d172432d78143e792";
      case "b" -> "6b17423bae013751205d79b5098d5afa4cf8d9da44b4797969011db0f946089f";
      case "c" -> "4b26baa389a314325e6322f77805b45d12ea7ea626df2b22c098ac22a83c2f43";
      case "d" -> "814f0d685d41bfedc84dc442882b1b57d319d2ff4a208a4b951bbdc7ccfd664d";
      case "e" -> "7e138d634d97d1cb7cddf5d29f8fc08a53a8a749757564db51c2d7ee4dc74f6d";
      default -> throw new IllegalArgumentException(scenario);
    };
  }

  private static final List<String> X86_64 = List.of("amd64", "x86_64");

  private interface Scenario {
    StepResult[] run(SimulatedCluster c);
  }

  private static void assertDigest(String scenario, Consumer<SimulatedCluster.Builder> setup, Scenario s) {
    assumeTrue(X86_64.contains(System.getProperty("os.arch")), "digests recorded on x86-64");
    SimulatedCluster.Builder b = SimulatedCluster.builder().seed(7);
    setup.accept(b);
    StepResult[] steps;
    try (SimulatedCluster c = b.start()) {
      steps = s.run(c);
    }
    StringBuilder text = new StringBuilder();
    for (StepResult r : steps) {
      assertThat(r.functions()).as("scenario %s: a step with load", scenario).isNotEmpty();
      text.append(r.start()).append(' ').append(r.length()).append('\n');
      r.functions().values().forEach(m -> describe(m, text));
      for (NodeMetrics n : r.nodes()) {
        text.append(n).append('\n');
      }
    }
    assertThat(sha256(text.toString()))
        .as("scenario %s: the simulated output changed (if intended, put this digest in expected())", scenario)
        .isEqualTo(expected(scenario));
  }

  private static void describe(FunctionMetrics m, StringBuilder out) {
    out.append(m.function()).append(' ').append(m.config())
        .append(" issued=").append(m.issued()).append(" completed=").append(m.completed())
        .append(" failed=").append(m.failed()).append(" timedOut=").append(m.timedOut())
        .append(" rejected=").append(m.rejected()).append(" inFlight=").append(m.inFlight())
        .append(" p50=").append(m.p50Micros()).append(" p99=").append(m.p99Micros())
        .append(" mean=").append(m.meanMicros()).append(" max=").append(m.maxMicros())
        .append(" cpu=").append(m.cpuUsedCores()).append(" limit=").append(m.cpuLimitCores())
        .append(" throttled=").append(m.throttledPeriods()).append('/').append(m.periods())
        .append(" coldStarts=").append(m.coldStarts()).append(" ready=").append(m.readyReplicas())
        .append(" latencies=").append(Arrays.hashCode(m.latenciesMicros()))
        .append('/').append(m.latenciesMicros().length).append('\n');
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
