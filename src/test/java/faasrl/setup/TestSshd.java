package faasrl.setup;

import faasrl.testing.Binaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real OpenSSH sshd on 127.0.0.1 at a free high port, with a throwaway host key, a throwaway
 * client key and its own config, for the SSH tests. Close it to stop it.
 */
final class TestSshd implements AutoCloseable {
  final Path dir;
  final int port;
  final Path clientKey;
  final Path knownHosts;
  final Path hostKey;
  private final Process process;

  /** Starts sshd; {@code extraConfig} lines are appended to its sshd_config. */
  TestSshd(Path dir, String... extraConfig) throws Exception {
    Path sshd = Binaries.require("sshd (openssh-server)", "/usr/sbin/sshd");
    Path keygen = Binaries.require("ssh-keygen", "/usr/bin/ssh-keygen");
    this.dir = dir;
    Files.createDirectories(dir);
    Files.createDirectories(Path.of("/run/sshd"));
    hostKey = dir.resolve("host_ed25519");
    clientKey = dir.resolve("client_ed25519");
    keygen(keygen, hostKey);
    keygen(keygen, clientKey);
    Path authorized = dir.resolve("authorized_keys");
    Files.copy(dir.resolve("client_ed25519.pub"), authorized);
    port = Binaries.freePort();
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_ed25519.pub")));
    Path config = dir.resolve("sshd_config");
    StringBuilder c = new StringBuilder();
    for (String line : List.of("Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey,
        "PidFile " + dir.resolve("sshd.pid"), "AuthorizedKeysFile " + authorized, "UsePAM no",
        "StrictModes no", "PermitRootLogin prohibit-password", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "Subsystem sftp internal-sftp", "LogLevel ERROR",
        "MaxSessions 50", "MaxStartups 50")) {
      c.append(line).append('\n');
    }
    for (String line : extraConfig) {
      c.append(line).append('\n');
    }
    Files.writeString(config, c.toString());
    Path log = dir.resolve("sshd.log");
    process = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Binaries.awaitPort(port, process, "sshd", log);
  }

  private static void keygen(Path keygen, Path file) throws Exception {
    Process p = new ProcessBuilder(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", file.toString())
        .redirectErrorStream(true).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
    }
  }

  /** A client builder for this server, verifying its host key against our known_hosts. */
  Ssh.Builder client() {
    return Ssh.to("127.0.0.1").port(port).user(System.getProperty("user.name")).key(clientKey)
        .knownHosts(knownHosts);
  }

  @Override public void close() throws InterruptedException {
    Binaries.stop(process);
  }
}
