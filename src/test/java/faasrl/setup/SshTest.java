package faasrl.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Ssh} against a real OpenSSH sshd on 127.0.0.1 with throwaway keys. */
class SshTest {
  @TempDir static Path dir;
  static TestSshd sshd;

  @BeforeAll static void start() throws Exception {
    sshd = new TestSshd(dir.resolve("sshd"));
  }

  @AfterAll static void stop() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test void streamsOutputToLogAndListenerAndMasksTokens() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    Path log = dir.resolve("logs/node0.log");
    try (Ssh ssh = sshd.client().name("node0").log(log).listener((n, l) -> heard.add(n + "|" + l)).connect()) {
      String out = ssh.exec("echo hello; echo oops >&2; echo 'kubeadm join 10.0.1.1:6443 --token abc.123secret'");
      assertThat(out).contains("hello", "oops");
    }
    assertThat(heard).contains("node0|hello", "node0|oops");
    String text = Files.readString(log);
    assertThat(text).contains("$ echo hello", "hello", "oops", "[faasrl] exit 0", "--token ***");
    assertThat(text).doesNotContain("abc.123secret");
    assertThat(heard.toString()).doesNotContain("abc.123secret");
  }

  @Test void nonZeroExitCarriesCommandCodeAndTail() {
    try (Ssh ssh = sshd.client().name("n").connect()) {
      assertThatThrownBy(() -> ssh.exec("for i in $(seq 1 100); do echo line$i; done; exit 3"))
          .isInstanceOfSatisfying(CommandFailedException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(3);
            assertThat(e.command()).startsWith("for i in");
            assertThat(e.tail()).hasSize(OutputPump.TAIL_LINES).endsWith("line100");
            assertThat(e.getMessage()).contains("exited with 3", "line100");
          });
      assertThat(ssh.succeeds("true")).isTrue();
      assertThat(ssh.succeeds("test -e /no/such/file")).isFalse();
    }
  }

  @Test void timeoutStopsTheCommand() {
    try (Ssh ssh = sshd.client().connect()) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> ssh.exec(Command.of("echo started; sleep 30").timeout(Duration.ofSeconds(1))))
          .isInstanceOfSatisfying(CommandFailedException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(CommandFailedException.TIMED_OUT);
            assertThat(e.getMessage()).contains("timed out after 1 s");
          });
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test void answersAReadPPromptOnAPty() {
    try (Ssh ssh = sshd.client().connect()) {
      String out = ssh.exec(Command.of("read -p 'Have you joined all nodes? (y/n): ' yn; echo \"answer=$yn\"")
          .pty(true).timeout(Duration.ofSeconds(20))
          .answer(Pattern.compile("Have you joined all nodes\\? \\(y/n\\)"), () -> "y"));
      assertThat(out).contains("answer=y");
    }
  }

  @Test void uploadsAndDownloads() throws Exception {
    Path local = dir.resolve("up.txt");
    Files.writeString(local, "payload 42\n");
    Path remote = dir.resolve("remote-copy.txt");
    Path back = dir.resolve("back/down.txt");
    try (Ssh ssh = sshd.client().connect()) {
      ssh.upload(local, remote.toString());
      assertThat(ssh.exec("cat " + remote)).isEqualTo("payload 42");
      ssh.download(remote.toString(), back);
    }
    assertThat(Files.readString(back)).isEqualTo("payload 42\n");
  }

  @Test void refusesAChangedHostKey() throws Exception {
    Path wrong = dir.resolve("wrong_known_hosts");
    // a known_hosts entry for this host and port with the client's key instead of the host's
    Files.writeString(wrong, "[127.0.0.1]:" + sshd.port + " " + Files.readString(sshd.dir.resolve("client_ed25519.pub")));
    assertThatThrownBy(() -> sshd.client().knownHosts(wrong).connect())
        .hasMessageContaining("host key CHANGED");
    assertThatThrownBy(() -> sshd.client().knownHosts(wrong).acceptNewHostKeys(true).connect())
        .hasMessageContaining("host key CHANGED");
  }

  @Test void aKnownHostOfferingAKeyTypeNotOnRecordIsAChangedKeyEvenWhenAcceptingNewHosts() throws Exception {
    // known as RSA; the server offers only its ed25519 key
    Path rsa = dir.resolve("other_rsa");
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsa.toString())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor()).isZero();
    Path known = dir.resolve("rsa_known_hosts");
    String entry = "[127.0.0.1]:" + sshd.port + " " + Files.readString(dir.resolve("other_rsa.pub"));
    Files.writeString(known, entry);
    assertThatThrownBy(() -> sshd.client().knownHosts(known).acceptNewHostKeys(true).connect())
        .hasMessageContaining("host key CHANGED");
    assertThatThrownBy(() -> sshd.client().knownHosts(known).connect()).hasMessageContaining("host key CHANGED");
    assertThat(Files.readString(known)).isEqualTo(entry); // nothing appended
  }

  @Test void theLogIsCreatedPrivateAndMasksKubeadmSecretsOnAnyLine() throws Exception {
    Path log = dir.resolve("private/node.log");
    String token = "abcdef.0123456789abcdef";
    String hash = "sha256:" + "9".repeat(64);
    List<String> heard = new CopyOnWriteArrayList<>();
    try (Ssh ssh = sshd.client().log(log).listener((n, l) -> heard.add(l)).connect()) {
      ssh.exec("echo '[bootstrap-token] Using token: " + token + "'; echo 'ApiserverTokenHash: " + hash + "';"
          + " echo 'join with " + token + " and " + hash + "'");
      assertThatThrownBy(() -> ssh.exec("echo 'token is " + token + "'; exit 1"))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).contains("token is ***"));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    String text = Files.readString(log);
    assertThat(text).contains("Using token: ***", "join with *** and sha256:***").doesNotContain(token, hash);
    assertThat(heard.toString()).doesNotContain(token, hash);
  }

  @Test void refusesAnUnknownHostUnlessAcceptNewIsAsked() throws Exception {
    Path empty = dir.resolve("empty_known_hosts");
    Files.writeString(empty, "");
    assertThatThrownBy(() -> sshd.client().knownHosts(empty).connect())
        .hasMessageContaining("is not in " + empty);
    Path fresh = dir.resolve("fresh/known_hosts");
    assertThatThrownBy(() -> sshd.client().knownHosts(fresh).connect())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    try (Ssh ssh = sshd.client().knownHosts(fresh).acceptNewHostKeys(true).connect()) {
      assertThat(ssh.exec("echo in")).isEqualTo("in");
    }
    assertThat(Files.readString(fresh)).startsWith("[127.0.0.1]:" + sshd.port + " ssh-ed25519 ");
    try (Ssh ssh = sshd.client().knownHosts(fresh).connect()) { // now known: strict checking passes
      assertThat(ssh.exec("echo again")).isEqualTo("again");
    }
  }
}
