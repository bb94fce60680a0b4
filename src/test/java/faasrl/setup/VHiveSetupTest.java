package faasrl.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VHiveSetup} end to end over a real OpenSSH sshd on 127.0.0.1, against a stand-in vHive
 * ({@link VHiveStandIn}) cloned with real git, with vHive's failure modes: a step that exits 0
 * without doing its work, Knative's webhook not ready, a login shell that is not bash, an existing
 * control plane. Three "nodes" share the server; each gets its own folder through {@code
 * workDir("~/{node}")}.
 */
class VHiveSetupTest {
  @TempDir Path dir;
  TestSshd sshd;
  VHiveStandIn vhive;
  Path manifest;
  final List<String> events = new CopyOnWriteArrayList<>();
  final SetupListener recorder = new SetupListener() {
    @Override public void started(String node, String step) {
      events.add("start " + node + " " + step);
    }

    @Override public void finished(String node, String step, Duration took) {
      events.add("done " + node + " " + step);
    }

    @Override public void skipped(String node, String step) {
      events.add("skip " + node + " " + step);
    }
  };

  @BeforeEach void start() throws Exception {
    vhive = new VHiveStandIn(dir);
    List<String> config = new ArrayList<>(List.of(vhive.sshdEnvironment()));
    // the throwaway users "faasrlnb*" log in to a /bin/sh whose PATH has no bash
    config.addAll(List.of("Match User faasrlnb*", "  SetEnv HOME=" + vhive.home + " PATH=/nonexistent-faasrl"));
    sshd = new TestSshd(dir.resolve("sshd"), config.toArray(String[]::new));
    manifest = dir.resolve("manifest.xml");
    StringBuilder xml = new StringBuilder("<rspec xmlns=\"http://www.geni.net/resources/rspec/3\" type=\"manifest\">\n");
    for (int i = 0; i < 3; i++) {
      xml.append("<node client_id=\"node").append(i).append("\"><interface><ip address=\"10.0.1.").append(i + 1)
          .append("\" type=\"ipv4\"/></interface><services><login authentication=\"ssh-keys\" hostname=\"127.0.0.1\""
              + " port=\"").append(sshd.port).append("\" username=\"u\"/></services></node>\n");
    }
    Files.writeString(manifest, xml.append("</rspec>\n").toString());
  }

  @AfterEach void stop() throws Exception {
    sshd.close();
  }

  private VHiveSetup setup() {
    return VHiveSetup.on(Nodes.fromManifest(manifest)).user(System.getProperty("user.name")).key(sshd.clientKey)
        .knownHosts(sshd.knownHosts).repository(vhive.repo.toString()).version(vhive.commit)
        .workDir("~/{node}").out(dir.resolve("out")).stepTimeout(Duration.ofSeconds(60)).listener(recorder);
  }

  private static final List<String> NODE_CALLS = List.of("install_go.sh ", "setup_tool setup_node stock-only");

  private List<String> calls(String... more) {
    List<String> all = new ArrayList<>(NODE_CALLS);
    all.addAll(List.of(more));
    return all;
  }

  @Test void followsVHivesQuickstartJoiningWorkersBeforeAnsweringTheMaster() throws Exception {
    Path kubeconfig = setup().run();

    assertThat(Files.readString(kubeconfig)).contains("stand-in kubeconfig");
    assertThat(vhive.calls("node1")).containsExactlyElementsOf(calls("setup_tool setup_worker_kubelet stock-only"));
    assertThat(vhive.calls("node0")).containsExactlyElementsOf(calls("setup_tool create_multinode_cluster stock-only",
        "setup_tool setup_master_node stock-only"));
    // both workers joined (with the parsed join command) before the master's prompt got its "y"
    List<String> ev = vhive.events();
    int confirmed = ev.indexOf("confirmed");
    assertThat(confirmed).isPositive();
    assertThat(ev.subList(0, confirmed)).filteredOn(l -> l.startsWith("join ")).containsExactlyInAnyOrder(
        "join " + vhive.home.resolve("node1"), "join " + vhive.home.resolve("node2"));
    assertThat(ev.subList(0, confirmed)).filteredOn(l -> l.startsWith("tmux ")).hasSize(3)
        .allSatisfy(l -> assertThat(l).contains("new-session -d -s containerd", "sudo containerd"));
    assertThat(Files.readString(vhive.home.resolve("node1/kubeadm.log"))).isEqualTo(VHiveStandIn.JOIN + "\n");
    // Knative is waited for before its webhook-guarded config map is patched
    int waited = indexOf(ev, "kubectl -n knative-serving wait deploy --all --for=condition=Available");
    int patched = indexOf(ev, "patch configmap config-features");
    assertThat(waited).isGreaterThan(confirmed);
    assertThat(patched).isGreaterThan(waited);
    assertThat(ev.get(patched)).contains("kubernetes.podspec-affinity", "kubernetes.podspec-tolerations");
    assertThat(ev.subList(patched, ev.size()))
        .anySatisfy(l -> assertThat(l).isEqualTo("kubectl apply -f faasrl/online-shop-database.yaml"))
        .anySatisfy(l -> assertThat(l).contains("patch deployment metrics-server", "--kubelet-insecure-tls"));
    assertThat(Files.readString(vhive.home.resolve("node0/faasrl/online-shop-database.yaml")))
        .contains("name: online-shop-database", "6379");
    assertThat(Files.readString(vhive.home.resolve("node2/faasrl/prometheus.yml"))).contains("scrape_interval: 1s");
    assertThat(vhive.home.resolve("node0/faasrl/prometheus.yml")).doesNotExist();

    // logs per node, private, with kubeadm's token and hash masked on every line that carries them
    String masterLog = Files.readString(dir.resolve("out/logs/node0.log"));
    assertThat(masterLog).contains("Deploying Kubernetes(version 1.35.3)", "[bootstrap-token] Using token: ***",
        "--token *** --discovery-token-ca-cert-hash ***");
    for (String n : List.of("node0", "node1", "node2")) {
      Path log = dir.resolve("out/logs/" + n + ".log");
      assertThat(Files.readString(log)).doesNotContain(VHiveStandIn.TOKEN, VHiveStandIn.HASH.substring(7));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    }
    assertThat(Files.readString(dir.resolve("out/logs/node1.log"))).contains("[stand-in sudo] not run: env");
    assertThat(events).contains("done node1 join", "done node2 join", "done node0 knative_ready",
        "done node0 kubeconfig").noneMatch(e -> e.startsWith("skip"));
  }

  private static int indexOf(List<String> lines, String part) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  @Test void aFailedStepResumesWithoutRepeatingFinishedSteps() throws Exception {
    Files.writeString(vhive.home.resolve("fail-worker-kubelet"), "");
    assertThatThrownBy(() -> setup().run()).isInstanceOfSatisfying(SetupFailedException.class, e -> {
      assertThat(e.failures()).extracting(SetupFailedException.Failure::node).containsExactlyInAnyOrder("node1", "node2");
      assertThat(e.failures()).allSatisfy(f -> assertThat(f.step()).isEqualTo("setup_worker_kubelet"));
      assertThat(e.getMessage()).contains("exited with 1", "E: Unable to locate package kubelet", "--resume");
    });
    assertThat(vhive.calls("node0")).containsExactlyElementsOf(NODE_CALLS); // the master waited
    assertThat(Files.readString(setup().stateFile())).contains("done node1 setup_node", "done node0 containerd")
        .doesNotContain("setup_worker_kubelet");

    assertThatThrownBy(() -> setup().run()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pass --resume");

    Files.delete(vhive.home.resolve("fail-worker-kubelet"));
    events.clear();
    Path kubeconfig = setup().resume(true).run();

    assertThat(kubeconfig).exists();
    assertThat(vhive.calls("node1")).containsExactlyElementsOf(calls("setup_tool setup_worker_kubelet stock-only",
        "setup_tool setup_worker_kubelet stock-only"));
    assertThat(vhive.calls("node0")).containsExactlyElementsOf(calls("setup_tool create_multinode_cluster stock-only",
        "setup_tool setup_master_node stock-only"));
    assertThat(events).contains("skip node0 clone", "skip node1 setup_node", "skip node0 containerd",
        "done node1 setup_worker_kubelet", "done node0 kubeconfig");
    assertThat(events).doesNotContain("start node0 setup_node", "start node2 clone");
  }

  @Test void aStepThatExitsZeroWithoutDoingItsWorkIsAFailureAndResumeRunsItAgain() throws Exception {
    Files.writeString(vhive.home.resolve("setup-node-installs-nothing"), "");
    assertThatThrownBy(() -> setup().run()).isInstanceOfSatisfying(SetupFailedException.class, e -> {
      assertThat(e.failures()).extracting(SetupFailedException.Failure::node)
          .containsExactlyInAnyOrder("node0", "node1", "node2");
      assertThat(e.failures()).allSatisfy(f -> assertThat(f.step()).isEqualTo("setup_node"));
      assertThat(e.getMessage()).contains("setup_node ran but did not do its work: kubeadm at vHive's Kubernetes"
          + " version", "kubeadm missing, vHive wants v1.35.3", "kubeadm: command not found", "--resume");
    });
    assertThat(Files.readString(setup().stateFile())).doesNotContain("setup_node");
    assertThat(vhive.events()).noneMatch(l -> l.startsWith("join ")); // nothing built on the broken nodes

    Files.delete(vhive.home.resolve("setup-node-installs-nothing"));
    events.clear();
    setup().resume(true).run();

    assertThat(events).contains("skip node0 setup_tool", "done node0 setup_node", "done node2 setup_node");
    assertThat(vhive.calls("node2")).filteredOn(c -> c.contains("setup_node")).hasSize(2);
  }

  @Test void knativeIsWaitedForBeforeItsWebhookGuardedPatchAndResumeWaitsAgain() throws Exception {
    Files.writeString(vhive.home.resolve("webhook-not-ready"), "");
    assertThatThrownBy(() -> setup().run()).isInstanceOfSatisfying(SetupFailedException.class, e -> {
      assertThat(e.failures()).singleElement().satisfies(f -> {
        assertThat(f.node()).isEqualTo("node0");
        assertThat(f.step()).isEqualTo("knative_ready");
      });
      assertThat(e.getMessage()).contains("Knative Serving is not ready", "webhook refuses config changes",
          "timed out waiting for the condition on deployments/webhook", "--resume");
    });
    assertThat(vhive.events()).noneMatch(l -> l.contains("patch configmap"));

    Files.delete(vhive.home.resolve("webhook-not-ready"));
    events.clear();
    setup().resume(true).run();

    assertThat(events).contains("skip node0 create_cluster", "done node0 knative_ready", "done node0 knative_features");
    assertThat(vhive.calls("node0")).filteredOn(c -> c.contains("create_multinode_cluster")).hasSize(1);
    assertThat(Files.readString(dir.resolve("out/logs/node0.log"))).contains("affinity, tolerations: enabled enabled");
  }

  @Test void resumeRechecksRecordedStepsAndRunsAgainThoseThatNoLongerHold() throws Exception {
    setup().run();
    Files.delete(vhive.home.resolve("node2/.standin/kubeadm.installed")); // e.g. removed by hand since
    events.clear();

    setup().resume(true).run();

    assertThat(events).contains("skip node1 setup_node", "start node2 setup_node", "done node2 setup_node",
        "skip node0 create_cluster");
    assertThat(vhive.calls("node2")).filteredOn(c -> c.contains("setup_node")).hasSize(2);
    assertThat(Files.readString(dir.resolve("out/logs/node2.log")))
        .contains("setup_node is recorded done but kubeadm at vHive's Kubernetes version");
  }

  @Test void anExistingControlPlaneIsNotInitialisedAgainAndAStaleKubeconfigAsksNothing() throws Exception {
    Path sys = Files.createDirectories(vhive.home.resolve("node0/.standin/etc/kubernetes"));
    Files.writeString(sys.resolve("admin.conf"), "an earlier kubeadm init");
    Files.createDirectories(vhive.home.resolve(".kube"));
    Files.writeString(vhive.home.resolve(".kube/config"), "stale");

    setup().run();

    assertThat(vhive.calls("node0")).containsExactlyElementsOf(calls("setup_tool setup_master_node stock-only"));
    assertThat(vhive.events()).contains("token " + vhive.home.resolve("node0"), "join " + vhive.home.resolve("node1"));
    assertThat(Files.readString(dir.resolve("out/logs/node0.log")))
        .contains("a control plane already runs on node0: kubeadm init is not run again");

    // a second cluster creation on a fresh output folder: no init, no prompt, vHive's master set-up not repeated
    Path again = dir.resolve("out2");
    setup().out(again).run();
    assertThat(vhive.calls("node0")).filteredOn(c -> c.contains("setup_master_node")).hasSize(1);
  }

  @Test void aStaleKubeconfigDoesNotLeaveVHivesCopyPromptUnanswered() throws Exception {
    Files.createDirectories(vhive.home.resolve(".kube"));
    Files.writeString(vhive.home.resolve(".kube/config"), "stale");

    setup().run(); // a prompt left unanswered would time the step out

    assertThat(vhive.calls("node0")).contains("setup_tool create_multinode_cluster stock-only");
    try (var old = Files.list(vhive.home.resolve(".kube"))) {
      assertThat(old.map(p -> p.getFileName().toString())).anySatisfy(n -> assertThat(n).startsWith("config.before-faasrl-"));
    }
  }

  @Test void aWorkDirWithSpacesAndSemicolonsIsOneQuotedPath() throws Exception {
    setup().workDir("~/a b;touch PWNED;/{node}").run();

    assertThat(vhive.home.resolve("a b;touch PWNED;/node0/vhive/setup_tool")).exists();
    assertThat(vhive.home.resolve("a b;touch PWNED;/node1/.standin/etc/kubernetes/kubelet.conf")).exists();
    try (var walk = Files.walk(dir)) {
      assertThat(walk.map(p -> p.getFileName().toString())).doesNotContain("PWNED");
    }
  }

  @Test void aLoginShellThatIsNotBashIsCaughtWithoutBashAndRunsEverythingUnderBashWithIt() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/useradd")),
        "needs root to create throwaway users whose login shell is /bin/sh");
    String noBash = "faasrlnb" + ProcessHandle.current().pid();
    String sh = "faasrlsh" + ProcessHandle.current().pid();
    try {
      for (String u : List.of(noBash, sh)) {
        exec("/usr/sbin/useradd", "-M", "-d", vhive.home.toString(), "-s", "/bin/sh", u);
        exec("/usr/sbin/usermod", "-p", "*", u); // not locked: sshd without PAM refuses locked accounts
        assertThat(exec("getent", "passwd", u)).endsWith(":/bin/sh");
      }
      exec("chmod", "755", dir.toString());

      assertThatThrownBy(() -> setup().user(noBash).run()).isInstanceOfSatisfying(SetupFailedException.class, e -> {
        assertThat(e.failures()).extracting(SetupFailedException.Failure::step).containsOnly(VHiveSetup.CONNECT);
        assertThat(e.getMessage()).contains("node0 / connect: node0: bash is not on the login PATH;"
            + " vHive's set-up runs under bash");
      });

      exec("chown", "-R", sh, vhive.home.toString(), vhive.repo.toString());
      setup().user(sh).resume(true).run();

      assertThat(vhive.calls("node0")).contains("setup_tool create_multinode_cluster stock-only");
      assertThat(Files.readString(dir.resolve("out/logs/node1.log")))
          .contains("login shell is /bin/sh, not bash: every command runs under bash -c", "$ bash -c ");
    } finally {
      for (String u : List.of(noBash, sh)) {
        new ProcessBuilder("/usr/sbin/userdel", u).redirectErrorStream(true).start().waitFor();
      }
    }
  }

  private static String exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }

  @Test void resumingWithOtherNodesIsRefused() throws Exception {
    Files.writeString(vhive.home.resolve("fail-worker-kubelet"), "");
    assertThatThrownBy(() -> setup().run()).isInstanceOf(SetupFailedException.class);
    assertThatThrownBy(() -> setup().workers(List.of("node1")).resume(true).run())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belongs to another cluster");
  }

  @Test void aChangedHostKeyStopsTheSetUp() throws Exception {
    Path wrong = dir.resolve("wrong_known_hosts");
    Files.writeString(wrong, "[127.0.0.1]:" + sshd.port + " "
        + Files.readString(sshd.dir.resolve("client_ed25519.pub")));
    assertThatThrownBy(() -> setup().knownHosts(wrong).run()).isInstanceOf(SetupFailedException.class)
        .hasMessageContaining("host key CHANGED");
    assertThat(vhive.calls("node0")).isEmpty();
  }
}
