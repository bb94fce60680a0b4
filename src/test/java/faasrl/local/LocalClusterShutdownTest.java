package faasrl.local;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.function.Catalog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the local backend ends: SIGTERM during a step stops it without waiting for the step, a
 * replica whose parent dies while it starts exits too, and no log directory is left behind.
 */
class LocalClusterShutdownTest {

  private static Process probe(String mode, Path stderr) throws Exception {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), ExitProbe.class.getName(), mode)
        .redirectError(stderr.toFile()).start();
  }

  private static String value(String line, String key) {
    assertThat(line).startsWith(key + "=");
    return line.substring(key.length() + 1);
  }

  private static Path cgroupDir(String description) {
    return Path.of(description.substring(description.indexOf('(') + 1, description.length() - 1));
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static boolean awaitDead(long pid, int seconds) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (alive(pid) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    return !alive(pid);
  }

  @Test
  void sigtermDuringAStepEndsTheJvmWithoutWaitingForTheStepAndLeavesNothing() throws Exception {
    Path err = Files.createTempFile("probe", ".err");
    Process p = probe("step", err);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
      long replica = Long.parseLong(value(out.readLine(), "pid"));
      Path cgroup = cgroupDir(value(out.readLine(), "cgroup"));
      Path logs = Path.of(value(out.readLine(), "logs"));
      assertThat(out.readLine()).isEqualTo("stepping");
      Thread.sleep(1500); // well into the 60 s step
      long sent = System.nanoTime();
      p.destroy(); // SIGTERM
      // the step lasts 60 s: ending well before that shows the step was not waited for
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("JVM ended within 30 s of SIGTERM").isTrue();
      double seconds = (System.nanoTime() - sent) / 1e9;
      assertThat(awaitDead(replica, 10)).as("replica %d gone", replica).isTrue();
      assertThat(Files.exists(cgroup)).as("cgroup %s removed", cgroup).isFalse();
      assertThat(Files.exists(logs)).as("log directory %s removed", logs).isFalse();
      assertThat(Files.readString(err)).as("ended after %.1f s", seconds).contains("step stopped")
          .contains("shippingservice").contains("sent").doesNotContain("Exception");
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(err);
    }
  }

  @Test
  void aReplicaWhoseParentDiesWhileItStartsExitsToo() throws Exception {
    Path err = Files.createTempFile("probe", ".err");
    Process p = probe("starting", err);
    List<Long> replicas = new ArrayList<>();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
      Path cgroup = cgroupDir(value(out.readLine(), "cgroup"));
      Path logs = Path.of(value(out.readLine(), "logs"));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (replicas.isEmpty() && System.nanoTime() < until) {
        p.toHandle().descendants().forEach(h -> replicas.add(h.pid()));
        Thread.sleep(5);
      }
      assertThat(replicas).as("a replica process was spawned").isNotEmpty();
      p.destroyForcibly().waitFor(); // SIGKILL while the replica starts: no hook runs
      for (long pid : replicas) {
        assertThat(awaitDead(pid, 30)).as("replica %d outlived its parent", pid).isTrue();
      }
      // what the killed JVM left, the next start removes (another test's start may have come first)
      Clusters.local().start().close();
      assertThat(Files.exists(cgroup)).isFalse();
      assertThat(Files.exists(logs)).as("stale log directory %s removed", logs).isFalse();
    } finally {
      p.destroyForcibly();
      replicas.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      Files.deleteIfExists(err);
    }
  }

  @Test
  void closeFromAnotherThreadEndsARunningStepAndRemovesTheLogs() throws Exception {
    LocalCluster c = Clusters.local().start();
    Path logs = c.logDirectory();
    List<Long> pids;
    CompletableFuture<Object> step;
    try {
      c.deploy(Catalog.onlineShop().get("currencyservice"), ScalingConfig.defaults().cpuMillicores(300));
      pids = c.replicaPids("currencyservice");
      assertThat(Files.isDirectory(logs)).isTrue();
      step = CompletableFuture.supplyAsync(() -> c.run(Load.of("currencyservice", LoadPattern.constant(50))
          .seconds(60)));
      Thread.sleep(1500);
    } finally {
      c.close();
    }
    // the 60 s step ends long before its time, saying how far it got
    assertThat(step).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
        .havingRootCause().isInstanceOf(IllegalStateException.class).withMessageContaining("closed during the step")
        .withMessageContaining("currencyservice");
    assertThat(pids).allMatch(pid -> !alive(pid));
    assertThat(Files.exists(logs)).isFalse();
  }
}
