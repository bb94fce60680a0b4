package faasrl.setup;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * OpenSSH's {@code StrictHostKeyChecking accept-new}, which JSch lacks: a host not yet in
 * known_hosts is added to it and accepted; a host whose key changed is still refused. Used only
 * when asked; the default is JSch's strict checking against known_hosts.
 */
final class KnownHostsPolicy implements HostKeyRepository {
  private final HostKeyRepository known;
  private final Path file;

  KnownHostsPolicy(HostKeyRepository known, Path file) {
    this.known = known;
    this.file = file;
  }

  @Override public synchronized int check(String host, byte[] key) {
    int r = known.check(host, key);
    if (r != NOT_INCLUDED) {
      return r;
    }
    try {
      HostKey hk = new HostKey(host, key);
      // appended by hand: JSch's add() would rewrite the whole file from its own parse of it
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, host + " " + hk.getType() + " " + hk.getKey() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return OK;
    } catch (JSchException e) {
      return NOT_INCLUDED;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot add " + host + " to " + file, e);
    }
  }

  @Override public void add(HostKey hostkey, UserInfo ui) {
    known.add(hostkey, ui);
  }

  @Override public void remove(String host, String type) {
    known.remove(host, type);
  }

  @Override public void remove(String host, String type, byte[] key) {
    known.remove(host, type, key);
  }

  @Override public String getKnownHostsRepositoryID() {
    return known.getKnownHostsRepositoryID();
  }

  @Override public HostKey[] getHostKey() {
    return known.getHostKey();
  }

  @Override public HostKey[] getHostKey(String host, String type) {
    return known.getHostKey(host, type);
  }
}
