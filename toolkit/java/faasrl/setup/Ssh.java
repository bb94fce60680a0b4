package faasrl.setup;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One SSH connection to a node (JSch): commands with output streamed to the node's log file and a
 * listener, timeouts, failures as {@link CommandFailedException}, and SFTP transfers. Host keys are
 * checked against known_hosts; an unknown or changed key is refused unless
 * {@link Builder#acceptNewHostKeys} allows adding unknown hosts (changed keys, and known hosts
 * offering a key of a type not on record, are always refused). The log file is created mode 0600.
 *
 * <pre>{@code
 * try (Ssh ssh = Ssh.to("node1.utah.cloudlab.us").user("alice").key(Path.of("/home/alice/.ssh/id_ed25519"))
 *     .log(Path.of("logs/node1.log")).listener((node, line) -> System.out.println(line)).connect()) {
 *   ssh.exec("uname -a");
 *   ssh.upload(Path.of("database.yaml"), "faasrl/database.yaml");
 * }
 * }</pre>
 */
public final class Ssh implements AutoCloseable {
  private final String name;
  private final Session session;
  private final Writer log;
  private final OutputListener listener;

  private Ssh(String name, Session session, Writer log, OutputListener listener) {
    this.name = name;
    this.session = session;
    this.log = log;
    this.listener = listener;
  }

  /** A builder for a connection to {@code host}. */
  public static Builder to(String host) {
    return new Builder(host);
  }

  /** The node name used in logs and listener calls. */
  public String name() {
    return name;
  }

  /** Runs {@code command} with the default timeout; see {@link #exec(Command)}. */
  public String exec(String command) {
    return exec(Command.of(command));
  }

  /**
   * Runs a command and waits for it. Returns the last lines it printed (stdout and stderr
   * interleaved); throws {@link CommandFailedException} on a non-zero exit or a timeout.
   */
  public String exec(Command command) {
    Result r = run(command);
    if (r.exit != 0) {
      throw new CommandFailedException(name, OutputPump.mask(command.text()), r.exit, r.pump.tail(),
          r.exit == CommandFailedException.TIMED_OUT
              ? "timed out after " + command.timeout().toSeconds() + " s"
              : "exited with " + r.exit);
    }
    return String.join("\n", r.pump.tail());
  }

  /** True when {@code command} exits 0 (a check; its output is logged like any other). */
  public boolean succeeds(String command) {
    return run(Command.of(command).timeout(Duration.ofMinutes(2))).exit == 0;
  }

  private record Result(int exit, OutputPump pump) {}

  private Result run(Command command) {
    ChannelExec ch = null;
    try {
      ch = (ChannelExec) session.openChannel("exec");
      ch.setCommand(command.text());
      ch.setPty(command.pty());
      var out = ch.getInputStream();
      var err = ch.getExtInputStream();
      OutputPump pump = new OutputPump(name, command, log, listener, ch.getOutputStream());
      writeLog("$ " + OutputPump.mask(command.text()));
      ch.connect((int) Math.min(Integer.MAX_VALUE, command.timeout().toMillis()));
      Thread a = pump.drain(out, name + "-stdout");
      Thread b = pump.drain(err, name + "-stderr");
      long deadline = System.nanoTime() + command.timeout().toNanos();
      while (!ch.isClosed() && System.nanoTime() < deadline && pump.failure() == null) {
        Thread.sleep(20);
      }
      if (pump.failure() != null) {
        ch.disconnect();
        writeLog("[faasrl] stopped: " + pump.failure().getMessage());
        throw pump.failure();
      }
      if (!ch.isClosed()) {
        ch.disconnect();
        a.join(2000);
        b.join(2000);
        writeLog("[faasrl] timed out after " + command.timeout().toSeconds() + " s");
        return new Result(CommandFailedException.TIMED_OUT, pump);
      }
      a.join();
      b.join();
      writeLog("[faasrl] exit " + ch.getExitStatus());
      return new Result(ch.getExitStatus(), pump);
    } catch (JSchException | IOException e) {
      throw new IllegalStateException(name + ": cannot run '" + OutputPump.mask(command.text()) + "': "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + ": interrupted while running '" + OutputPump.mask(command.text())
          + "'", e);
    } finally {
      if (ch != null) {
        ch.disconnect();
      }
    }
  }

  /** Copies a local file to {@code remotePath} (relative paths start in the login directory). */
  public void upload(Path local, String remotePath) {
    sftp("upload " + local + " to " + remotePath, sftp -> sftp.put(local.toString(), remotePath));
  }

  /** Writes {@code content} to {@code remotePath}, replacing it. */
  public void upload(byte[] content, String remotePath) {
    sftp("write " + content.length + " bytes to " + remotePath,
        sftp -> sftp.put(new java.io.ByteArrayInputStream(content), remotePath));
  }

  /** Copies {@code remotePath} to a local file, replacing it. */
  public void download(String remotePath, Path local) {
    try {
      Path parent = local.toAbsolutePath().getParent();
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder of " + local, e);
    }
    sftp("download " + remotePath + " to " + local, sftp -> sftp.get(remotePath, local.toString()));
  }

  private interface SftpAction {
    void run(ChannelSftp sftp) throws SftpException;
  }

  private void sftp(String what, SftpAction action) {
    ChannelSftp ch = null;
    try {
      ch = (ChannelSftp) session.openChannel("sftp");
      ch.connect(30_000);
      action.run(ch);
      writeLog("[faasrl] " + what);
    } catch (JSchException | SftpException e) {
      throw new IllegalStateException(name + ": cannot " + what + ": " + e.getMessage(), e);
    } finally {
      if (ch != null) {
        ch.disconnect();
      }
    }
  }

  /** A line of faasrl's own (not remote output) for the node's log and the listener. */
  public void note(String line) {
    writeLog("[faasrl] " + line);
    listener.line(name, "[faasrl] " + line);
  }

  private void writeLog(String line) {
    synchronized (log) {
      try {
        log.write(line);
        log.write('\n');
        log.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the log of " + name, e);
      }
    }
  }

  @Override public void close() {
    session.disconnect();
    try {
      log.close();
    } catch (IOException e) {
      // nothing useful to do: the log is best effort at this point
    }
  }

  /** Connection settings; {@link #connect()} opens the session. */
  public static final class Builder {
    private final String host;
    private String name;
    private int port = 22;
    private String user = System.getProperty("user.name");
    private Path key;
    private boolean agent;
    private Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    private boolean acceptNew;
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Path log;
    private OutputListener listener = OutputListener.NONE;

    private Builder(String host) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("ssh host must not be blank");
      }
      this.host = host;
    }

    /** Name for logs and listeners; the host by default. */
    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder port(int v) {
      if (v < 1 || v > 65535) {
        throw new IllegalArgumentException("ssh port must be 1..65535, was " + v);
      }
      port = v;
      return this;
    }

    public Builder user(String v) {
      user = Objects.requireNonNull(v, "user");
      return this;
    }

    /** Authenticates with this private key file (OpenSSH format, ed25519 or RSA, no passphrase). */
    public Builder key(Path v) {
      key = v;
      return this;
    }

    /** Authenticates through the running ssh-agent ($SSH_AUTH_SOCK). */
    public Builder agent(boolean v) {
      agent = v;
      return this;
    }

    /** The known_hosts file to verify host keys against; ~/.ssh/known_hosts by default. */
    public Builder knownHosts(Path v) {
      knownHosts = Objects.requireNonNull(v, "knownHosts");
      return this;
    }

    /** Adds unknown hosts to known_hosts instead of refusing them (changed keys are still refused). */
    public Builder acceptNewHostKeys(boolean v) {
      acceptNew = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = Objects.requireNonNull(v, "connectTimeout");
      return this;
    }

    /** Appends every command and its output to this file. */
    public Builder log(Path v) {
      log = v;
      return this;
    }

    public Builder listener(OutputListener v) {
      listener = Objects.requireNonNull(v, "listener");
      return this;
    }

    /** Opens and authenticates the connection; one clear error if the host key or login is refused. */
    public Ssh connect() {
      if (key == null && !agent) {
        throw new IllegalArgumentException("ssh to " + host + ": give a private key file or use the agent");
      }
      if (key != null && !Files.isReadable(key)) {
        throw new IllegalArgumentException("ssh private key " + key + " does not exist or is not readable");
      }
      if (!acceptNew && !Files.isRegularFile(knownHosts)) {
        throw new IllegalArgumentException("known_hosts file " + knownHosts + " does not exist: add the nodes' "
            + "host keys (ssh-keyscan) or allow accepting new host keys");
      }
      String label = name == null ? host : name;
      try {
        JSch jsch = new JSch();
        if (Files.isRegularFile(knownHosts)) {
          jsch.setKnownHosts(knownHosts.toString());
        }
        jsch.setHostKeyRepository(new KnownHostsPolicy(jsch.getHostKeyRepository(), knownHosts, acceptNew));
        if (agent) {
          jsch.setIdentityRepository(new AgentIdentityRepository(new SSHAgentConnector()));
        }
        if (key != null) {
          jsch.addIdentity(key.toString());
        }
        Session s = jsch.getSession(user, host, port);
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("PreferredAuthentications", "publickey");
        s.setServerAliveInterval(15_000);
        s.setServerAliveCountMax(8);
        s.connect((int) connectTimeout.toMillis());
        return new Ssh(label, s, openLog(), listener);
      } catch (JSchChangedHostKeyException e) {
        throw new IllegalStateException("ssh to " + label + " (" + host + ":" + port + ") refused: its host key "
            + "CHANGED from the one in " + knownHosts + " (a reinstalled node or a man in the middle); "
            + "check it and remove the old entry by hand", e);
      } catch (JSchUnknownHostKeyException e) {
        throw new IllegalStateException("ssh to " + label + " (" + host + ":" + port + ") refused: its host key "
            + "is not in " + knownHosts + "; add it (ssh-keyscan) or allow accepting new host keys", e);
      } catch (AgentProxyException e) {
        throw new IllegalStateException("ssh-agent is not reachable ($SSH_AUTH_SOCK): " + e.getMessage(), e);
      } catch (JSchException e) {
        throw new IllegalStateException("ssh to " + label + " (" + user + "@" + host + ":" + port + ") failed: "
            + plain(e), e);
      }
    }

    /** The cause's message without the exception class names JSch puts in front of it. */
    private static String plain(Throwable e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      String stripped = m.replaceFirst("^(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*: ", "");
      if (stripped.isBlank() && e.getCause() != null) {
        return plain(e.getCause());
      }
      return stripped;
    }

    private Writer openLog() {
      if (log == null) {
        return Writer.nullWriter();
      }
      try {
        Files.createDirectories(log.toAbsolutePath().getParent());
        if (!Files.exists(log)) { // created private: remote output may carry secrets we do not know to mask
          try {
            Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          } catch (UnsupportedOperationException e) {
            Files.createFile(log);
          }
        } else {
          try {
            Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
          } catch (UnsupportedOperationException e) {
            // a file system without POSIX permissions
          }
        }
        Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        w.write("# " + Instant.now() + " connected to " + user + "@" + host + ":" + port + "\n");
        w.flush();
        return w;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open log " + log, e);
      }
    }
  }
}
