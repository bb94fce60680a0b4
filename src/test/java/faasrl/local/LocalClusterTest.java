package faasrl.local;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local backend with real replica processes and real cgroup CPU quotas (needs a writable cgroup). */
class LocalClusterTest {
  private static LocalCluster cluster;

  @BeforeAll
  static void start() {
    cluster = Clusters.local().start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** The cgroup a process is in, for one v1 controller, from /proc/PID/cgroup. */
  private static Path cgroupOf(long pid, String controller) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
      String[] f = line.split(":", 3);
      if (List.of(f[1].split(",")).contains(controller)) {
        return Path.of("/sys/fs/cgroup/" + controller + f[2]);
      }
    }
    throw new AssertionError("process " + pid + " is in no " + controller + " cgroup");
  }

  @Test
  void quotaIsInTheReplicasCgroupThrottlingShowsAtALowLimitAndMoreIsAnsweredAsTheLimitRises() throws Exception {
    cluster.deploy(Catalog.onlineShop().get("adservice"), ScalingConfig.defaults().cpuMillicores(200));
    long pid = cluster.replicaPids("adservice").get(0);
    assertThat(Files.readString(cgroupOf(pid, "cpu").resolve("cpu.cfs_quota_us")).trim()).isEqualTo("20000");
    assertThat(cluster.replicaLimits("adservice")).containsExactly("cpu.cfs_quota_us=20000 cpu.cfs_period_us=100000");

    Load load = Load.of("adservice", LoadPattern.poisson(600)).seconds(3).deadline(Duration.ofSeconds(2));
    cluster.run(load.seconds(1)); // warm-up: JIT of the replica
    StepResult lowStep = cluster.run(load);
    FunctionMetrics low = lowStep.only();
    var node = lowStep.node();
    // the rest is steal time, which a shared virtual machine may show
    assertThat(node.cpuIdle() + node.cpuUser() + node.cpuSystem()).isBetween(0.5, 1.0001);
    assertThat(node.cpuUser()).isPositive();
    assertThat(node.memFree()).isBetween(0.01, 1.0);
    assertThat(node.netRxBitsPerSecond()).as("gRPC over loopback").isGreaterThan(600 * 8 * 50.0);
    assertThat(lowStep.length()).isEqualTo(Duration.ofSeconds(3));
    System.out.println("200m: " + low + " cpu=" + low.cpuUsedCores() + " thr=" + low.throttledFraction());
    assertThat(low.throttledPeriods()).isPositive();
    assertThat(low.throttledFraction()).isGreaterThan(0.2);
    assertThat(low.cpuUsedCores()).isLessThan(0.2 * 1.3);

    cluster.scale("adservice", cluster.config("adservice").cpuMillicores(400));
    assertThat(cluster.replicaPids("adservice")).containsExactly(pid); // resized in place
    assertThat(Files.readString(cgroupOf(pid, "cpu").resolve("cpu.cfs_quota_us")).trim()).isEqualTo("40000");
    FunctionMetrics mid = cluster.run(load).only();
    cluster.scale("adservice", cluster.config("adservice").cpuMillicores(2000));
    // the orderings below need a machine that gives the replica more than the 200m quota allowed; a
    // machine starved by other jobs may not for a step or two, so wait for such a step (up to 5)
    FunctionMetrics high = cluster.run(load).only();
    for (int tries = 1; tries < 5 && high.cpuUsedCores() <= 0.2 * 1.3; tries++) {
      System.out.println("2000m got only " + high.cpuUsedCores() + " cores; measuring again");
      high = cluster.run(load).only();
    }
    System.out.println("400m: " + mid + " cpu=" + mid.cpuUsedCores() + " thr=" + mid.throttledFraction());
    System.out.println("2000m: " + high + " cpu=" + high.cpuUsedCores() + " thr=" + high.throttledFraction());
    // Orderings that hold on a busy machine too. The p90 of the replies alone does not: on a busy
    // machine most requests time out behind the 200m quota and only the early, fast ones count.
    // 2000m (two cores of quota) is never exhausted, and the replica gets at least the CPU it got
    // at 200m, so a larger share of the issued requests is answered in time, and the median over
    // every issued request is not higher. (The medians alone are not ordered: on a machine so busy
    // that most requests time out at 2000m too, both are "no reply".) Without the quota, 200m would
    // answer all it was asked, as 2000m does, and the completion ordering fails.
    // (Throttling at 400m against 200m is not ordered: a starved replica does not reach its 200m
    // quota and is throttled less, as seen under stress-ng. The quota's cap on use always holds.)
    assertThat(mid.cpuUsedCores()).isLessThan(0.4 * 1.3);
    assertThat(high.cpuUsedCores()).as("raising the quota lifts the cap on use").isGreaterThan(0.2 * 1.3);
    assertThat(high.throttledFraction()).isLessThan(low.throttledFraction());
    assertThat(high.completionRate()).isGreaterThan(low.completionRate());
    assertThat(medianOfIssuedMicros(low)).isGreaterThanOrEqualTo(medianOfIssuedMicros(high));
    cluster.remove("adservice");
  }

  /** Median latency over all issued requests, one that got no reply counting as slower than any reply. */
  private static double medianOfIssuedMicros(FunctionMetrics m) {
    long half = (m.issued() + 1) / 2;
    return m.completed() < half ? Double.POSITIVE_INFINITY : m.percentileMicros(100.0 * half / m.completed());
  }

  @Test
  void aReplicaKilledDuringAStepCostsFailuresAndIsRestored() throws Exception {
    cluster.deploy(Catalog.onlineShop().get("shippingservice"), ScalingConfig.defaults().replicas(2));
    List<Long> pids = cluster.replicaPids("shippingservice");
    // a light load with a generous deadline: on a starved machine the surviving replica answers late but
    // answers, so only the kill costs failures
    Load load = Load.of("shippingservice", LoadPattern.constant(100)).seconds(3).deadline(Duration.ofSeconds(20));
    // after the kill: a light load with a generous deadline, so that a busy machine costs no failures
    Load light = Load.of("shippingservice", LoadPattern.constant(50)).seconds(1).deadline(Duration.ofSeconds(20));
    CompletableFuture<Void> kill = CompletableFuture.runAsync(() -> ProcessHandle.of(pids.get(0))
        .ifPresent(ProcessHandle::destroyForcibly), CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
    FunctionMetrics m = cluster.run(load).only();
    kill.join();
    System.out.println("killed: " + m);
    assertThat(m.failed()).isPositive();
    assertThat(m.completed()).as("the other replica kept serving").isPositive();
    assertThat(m.issued()).isEqualTo(m.completed() + m.failed() + m.inFlight());
    assertThat(m.readyReplicas()).isEqualTo(2);
    assertThat(m.coldStarts()).as("two at deploy, one replacement").isEqualTo(3);
    assertThat(cluster.replicaPids("shippingservice")).hasSize(2).doesNotContain(pids.get(0)).contains(pids.get(1));
    FunctionMetrics next = cluster.run(light).only();
    Load poisson = Load.of("shippingservice", LoadPattern.poisson(200)).seconds(1);
    assertThat(cluster.run(poisson).only().issued()).as("each step draws its own arrivals")
        .isNotEqualTo(cluster.run(poisson).only().issued());
    assertThat(next.coldStarts()).isZero();
    assertThat(next.failed()).isZero();
    cluster.remove("shippingservice");
  }

  @Test
  void aKilledCalleeComesBackOnItsPortSoThatItsCallerRecovers() throws Exception {
    cluster.deploy(Catalog.onlineShop().get("productcatalogservice"), ScalingConfig.defaults());
    cluster.deploy(Catalog.onlineShop().get("recommendationservice"), ScalingConfig.defaults());
    String endpoint = cluster.replicaEndpoints("productcatalogservice").get(0);
    long pid = cluster.replicaPids("productcatalogservice").get(0);
    // a generous deadline: on a busy machine only the kill may cost failures
    Load load = Load.of("recommendationservice", LoadPattern.constant(50)).seconds(1).deadline(Duration.ofSeconds(20));
    assertThat(cluster.run(load).only().failed()).isZero();
    CompletableFuture<Void> kill = CompletableFuture.runAsync(() -> ProcessHandle.of(pid)
        .ifPresent(ProcessHandle::destroyForcibly), CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
    FunctionMetrics broken = cluster.run(load.seconds(2)).only(); // the callee dies half a second in
    kill.join();
    assertThat(broken.failed()).isPositive();
    assertThat(cluster.replicaPids("productcatalogservice")).doesNotContain(pid);
    assertThat(cluster.replicaEndpoints("productcatalogservice")).containsExactly(endpoint);
    cluster.run(load.seconds(3)); // the caller's channel reconnects to the same port (gRPC backoff 1-2 s)
    FunctionMetrics healed = cluster.run(load.seconds(2)).only();
    System.out.println("callee killed: " + broken + ", then " + healed);
    assertThat(healed.failed()).isZero();
    assertThat(healed.completed()).isEqualTo(100);
    cluster.remove("recommendationservice");
    cluster.remove("productcatalogservice");
  }
}
