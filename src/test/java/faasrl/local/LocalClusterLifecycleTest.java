package faasrl.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.function.Catalog;
import faasrl.function.Distribution;
import faasrl.function.FunctionSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, resize by restart, clean-up on close, on JVM exit and after a killed JVM; bad input. */
class LocalClusterLifecycleTest {

  private static Path cgroupDir(String description) {
    return Path.of(description.substring(description.indexOf('(') + 1, description.length() - 1));
  }

  @Test
  void restartResizeStartsNewReplicasWithTheNewLimitAndCloseRemovesEverything() {
    LocalCluster c = Clusters.local().resize(LocalCluster.Resize.RESTART).start();
    Path dir = cgroupDir(c.cgroupDescription());
    List<Long> pids;
    try {
      c.deploy(Catalog.onlineShop().get("currencyservice"), ScalingConfig.defaults().cpuMillicores(300));
      List<Long> before = c.replicaPids("currencyservice");
      c.run(Load.of("currencyservice", LoadPattern.constant(50)).seconds(0.5));
      c.scale("currencyservice", c.config("currencyservice").cpuMillicores(600).replicas(2));
      pids = c.replicaPids("currencyservice");
      assertThat(pids).hasSize(2).doesNotContainAnyElementsOf(before);
      assertThat(c.replicaLimits("currencyservice")).allMatch(l -> l.startsWith("cpu.cfs_quota_us=60000 "));
      assertThat(ProcessHandle.of(before.get(0)).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      var m = c.run(Load.of("currencyservice", LoadPattern.constant(100)).seconds(1)).only();
      assertThat(m.coldStarts()).isEqualTo(2);
      assertThat(m.failed()).isZero();
      assertThat(m.cpuLimitCores()).isEqualTo(1.2);
      assertThat(c.replicaColdStarts("currencyservice")).allMatch(d -> d.toMillis() > 50 && d.toSeconds() < 60);
      assertThat(Files.isDirectory(dir)).isTrue();
    } finally {
      c.close();
    }
    assertThat(pids).allMatch(p -> ProcessHandle.of(p).map(ph -> !ph.isAlive()).orElse(true));
    assertThat(Files.exists(dir)).isFalse();
    c.close(); // idempotent
    assertThatThrownBy(() -> c.run(Load.of("currencyservice", LoadPattern.constant(1)).seconds(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  private static List<String> startProbe(String mode, List<Process> holder) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), ExitProbe.class.getName(), mode)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    holder.add(p);
    BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()));
    return List.of(in.readLine(), in.readLine());
  }

  /** Polls for up to 60 s: a busy machine may take long to schedule the replica's parent watch. */
  private static void awaitDead(long pid) throws InterruptedException {
    for (int i = 0; i < 600 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(100);
    }
  }

  @Test
  void theShutdownHookCleansUpWhenTheJvmExitsWithoutClose() throws Exception {
    List<Process> probe = new ArrayList<>();
    List<String> out = startProbe("exit", probe);
    assertThat(probe.get(0).waitFor(120, TimeUnit.SECONDS)).isTrue();
    long pid = Long.parseLong(out.get(0).substring("pid=".length()));
    awaitDead(pid);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(Files.exists(cgroupDir(out.get(1)))).isFalse();
  }

  @Test
  void replicasOfAKilledJvmExitAndItsCgroupsGoAtTheNextStart() throws Exception {
    List<Process> probe = new ArrayList<>();
    List<String> out = startProbe("wait", probe);
    long pid = Long.parseLong(out.get(0).substring("pid=".length()));
    probe.get(0).destroyForcibly().waitFor(); // SIGKILL: no hook runs
    awaitDead(pid);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("replica outlived its parent")
        .isFalse();
    Path stale = cgroupDir(out.get(1));
    assertThat(Files.exists(stale)).isTrue();
    Clusters.local().start().close();
    assertThat(Files.exists(stale)).isFalse();
  }

  @Test
  void noWritableCgroupGivesOneClearError(@TempDir Path empty) {
    assertThatThrownBy(() -> Clusters.local().cgroupRoot(empty).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no writable CPU cgroup").hasMessageContaining("cpu.cfs_quota_us")
        .hasMessageContaining("cpu.max");
  }

  @Test
  void badDeploymentsAreRefusedAndLeaveNothingBehind() throws Exception {
    try (LocalCluster c = Clusters.local().start()) {
      assertThatThrownBy(() -> c.deploy(FunctionSpec.builder("mystery").cpu(Distribution.zero()).build(),
          ScalingConfig.defaults())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no local implementation");
      assertThatThrownBy(() -> c.deploy(Catalog.onlineShop().get("recommendationservice"), ScalingConfig.defaults()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("productcatalogservice");
      assertThatThrownBy(() -> c.scale("adservice", ScalingConfig.defaults()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not deployed");
      assertThat(c.functions()).isEmpty();
      LocalCluster slow = Clusters.local().readyTimeout(Duration.ofMillis(1)).start();
      try {
        assertThatThrownBy(() -> slow.deploy(Catalog.onlineShop().get("adservice"), ScalingConfig.defaults()))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not get ready");
        assertThat(slow.functions()).isEmpty();
        try (var children = Files.list(cgroupDir(slow.cgroupDescription()))) {
          assertThat(children.filter(Files::isDirectory)).as("replica cgroups left").isEmpty();
        }
      } finally {
        slow.close();
      }
    }
  }
}
