package faasrl.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VHiveSetup} end to end over a real OpenSSH sshd on 127.0.0.1, against stand-in vHive
 * scripts ({@link VHiveStandIn}) cloned with real git. Three "nodes" share the server; each gets its
 * own folder through {@code workDir("~/{node}")}.
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
    sshd = new TestSshd(dir.resolve("sshd"), vhive.sshdEnvironment());
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

  @Test void setsUpMasterAndWorkersJoiningThemBeforeAnsweringTheMaster() throws Exception {
    Path kubeconfig = setup().run();

    assertThat(Files.readString(kubeconfig)).contains("stand-in kubeconfig");
    for (String n : List.of("node0", "node1", "node2")) {
      assertThat(vhive.calls(n).get(0)).isEqualTo("setup_node.sh stock-only");
    }
    assertThat(vhive.calls("node1")).containsExactly("setup_node.sh stock-only", "setup_worker_kubelet.sh stock-only");
    assertThat(vhive.calls("node0")).containsExactly("setup_node.sh stock-only",
        "create_multinode_cluster.sh stock-only");
    // both workers joined (with the parsed two-line command) before the master's prompt got its "y"
    List<String> ev = vhive.events();
    int confirmed = ev.indexOf("confirmed");
    assertThat(confirmed).isPositive();
    assertThat(ev.subList(0, confirmed)).containsExactlyInAnyOrder(
        "join " + vhive.home.resolve("node1"), "join " + vhive.home.resolve("node2"));
    assertThat(Files.readString(vhive.home.resolve("node1/kubeadm.log"))).isEqualTo(
        "kubeadm join 10.0.1.1:6443 --token " + VHiveStandIn.TOKEN + " --discovery-token-ca-cert-hash "
            + VHiveStandIn.HASH + "\n");
    assertThat(ev.subList(confirmed + 1, ev.size())).anySatisfy(l -> assertThat(l)
        .contains("patch configmap config-features", "kubernetes.podspec-affinity", "kubernetes.podspec-tolerations"))
        .anySatisfy(l -> assertThat(l).isEqualTo("kubectl apply -f faasrl/online-shop-database.yaml"))
        .anySatisfy(l -> assertThat(l).contains("patch deployment metrics-server", "--kubelet-insecure-tls"));
    assertThat(Files.readString(vhive.home.resolve("node0/faasrl/online-shop-database.yaml")))
        .contains("name: online-shop-database", "6379");
    assertThat(Files.readString(vhive.home.resolve("node2/faasrl/prometheus.yml"))).contains("scrape_interval: 1s");
    assertThat(vhive.home.resolve("node0/faasrl/prometheus.yml")).doesNotExist();

    // logs per node, the join token masked everywhere
    String masterLog = Files.readString(dir.resolve("out/logs/node0.log"));
    assertThat(masterLog).contains("Your Kubernetes control-plane has initialized successfully!", "--token ***");
    for (String n : List.of("node0", "node1", "node2")) {
      assertThat(Files.readString(dir.resolve("out/logs/" + n + ".log"))).doesNotContain(VHiveStandIn.TOKEN);
    }
    assertThat(Files.readString(dir.resolve("out/logs/node1.log"))).contains("[stand-in sudo] not run: env");
    assertThat(events).contains("done node1 join", "done node2 join", "done node0 kubeconfig")
        .noneMatch(e -> e.startsWith("skip"));
  }

  @Test void aFailedStepResumesWithoutRepeatingFinishedSteps() throws Exception {
    Files.writeString(vhive.home.resolve("fail-worker-kubelet"), "");
    assertThatThrownBy(() -> setup().run()).isInstanceOfSatisfying(SetupFailedException.class, e -> {
      assertThat(e.failures()).extracting(SetupFailedException.Failure::node).containsExactlyInAnyOrder("node1", "node2");
      assertThat(e.failures()).allSatisfy(f -> assertThat(f.step()).isEqualTo("setup_worker_kubelet"));
      assertThat(e.getMessage()).contains("exited with 100", "E: Unable to locate package kubelet", "--resume");
    });
    assertThat(vhive.calls("node0")).containsExactly("setup_node.sh stock-only"); // the master waited
    assertThat(Files.readString(setup().stateFile())).contains("done node1 setup_node", "done node0 containerd")
        .doesNotContain("setup_worker_kubelet");

    assertThatThrownBy(() -> setup().run()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pass --resume");

    Files.delete(vhive.home.resolve("fail-worker-kubelet"));
    events.clear();
    Path kubeconfig = setup().resume(true).run();

    assertThat(kubeconfig).exists();
    assertThat(vhive.calls("node1")).containsExactly("setup_node.sh stock-only",
        "setup_worker_kubelet.sh stock-only", "setup_worker_kubelet.sh stock-only");
    assertThat(vhive.calls("node0")).containsExactly("setup_node.sh stock-only",
        "create_multinode_cluster.sh stock-only");
    assertThat(events).contains("skip node0 clone", "skip node1 setup_node", "skip node0 containerd",
        "done node1 setup_worker_kubelet", "done node0 kubeconfig");
    assertThat(events).doesNotContain("start node0 setup_node", "start node2 clone");
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
