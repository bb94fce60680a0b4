package faasrl.setup;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code faasrl setup} over a real sshd on 127.0.0.1 with the stand-in vHive scripts. */
class SetupCliTest {
  @TempDir Path dir;
  TestSshd sshd;
  VHiveStandIn vhive;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach void start() throws Exception {
    vhive = new VHiveStandIn(dir);
    sshd = new TestSshd(dir.resolve("sshd"), vhive.sshdEnvironment());
  }

  @AfterEach void stop() throws Exception {
    sshd.close();
  }

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private String[] args(String... more) throws Exception {
    return argsIn("~/{node}", more);
  }

  private String[] argsIn(String workDir, String... more) throws Exception {
    Path list = dir.resolve("nodes.txt");
    Files.writeString(list, "master 127.0.0.1:" + sshd.port + "\nworker1 127.0.0.1:" + sshd.port + "\n");
    String[] base = {"setup", "--nodes", list.toString(), "--user", System.getProperty("user.name"),
        "--key", sshd.clientKey.toString(), "--known-hosts", sshd.knownHosts.toString(),
        "--repository", vhive.repo.toString(), "--vhive-version", vhive.commit, "--work-dir", workDir,
        "--out", dir.resolve("out").toString()};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test void failsThenResumesWithProgressOnScreen() throws Exception {
    Files.writeString(vhive.home.resolve("fail-worker-kubelet"), "");
    String workDir = "~/x y;touch PWNED;/{node}"; // quoted in every remote command
    assertThat(run(argsIn(workDir))).isEqualTo(1);
    assertThat(err.toString()).contains("worker1 / setup_worker_kubelet", "exited with 1", "--resume");
    assertThat(out.toString()).contains("master   setup_node ...", "worker1  setup_node done");

    assertThat(run(argsIn(workDir))).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("pass --resume");

    Files.delete(vhive.home.resolve("fail-worker-kubelet"));
    out.getBuffer().setLength(0);
    assertThat(run(argsIn(workDir, "--resume"))).isEqualTo(0);
    assertThat(out.toString()).contains("worker1  setup_node already done", "master   create_cluster done",
        "cluster ready; kubeconfig: " + dir.resolve("out/kubeconfig"));
    assertThat(dir.resolve("out/kubeconfig")).exists();
    assertThat(vhive.home.resolve("x y;touch PWNED;/worker1/vhive/setup_tool")).exists();
    try (var walk = Files.walk(dir)) {
      assertThat(walk.map(p -> p.getFileName().toString())).doesNotContain("PWNED");
    }
  }

  @Test void aNodeThatCannotBeReachedIsAFailedConnectStepAndExit2() throws Exception {
    Path list = dir.resolve("unreachable.txt");
    int closed = faasrl.testing.Binaries.freePort();
    Files.writeString(list, "master 127.0.0.1:" + closed + "\nworker1 127.0.0.1:" + sshd.port + "\n");
    assertThat(run("setup", "--nodes", list.toString(), "--user", System.getProperty("user.name"),
        "--key", sshd.clientKey.toString(), "--known-hosts", sshd.knownHosts.toString(),
        "--out", dir.resolve("out-unreachable").toString())).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("master / connect:", "Connection refused").doesNotContain("Exception");
  }

  @Test void aWorkDirThatCannotBeCreatedIsAFailedConnectStepAndExit2() throws Exception {
    assertThat(run(argsIn("/proc/faasrl-no/{node}"))).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("master / connect:", "cannot create the work folder /proc/faasrl-no/{node}")
        .doesNotContain("Exception");
  }

  @Test void helpAndBadInput() {
    assertThat(run("setup", "--help")).isZero();
    assertThat(out.toString()).contains("--manifest=FILE", "--resume", "--accept-new-host-keys", "--known-hosts=F");
    assertThat(run("setup", "--user", "u")).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("--manifest=FILE", "--nodes=FILE");
    assertThat(run("setup", "--user", "u", "--nodes", dir.resolve("missing.txt").toString(), "--key", "k"))
        .isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("cannot read node list");
  }
}
