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
 * Host key checking on top of JSch's known_hosts: a known host that offers a key of a type not on
 * record (RSA known, only ed25519 offered) is a CHANGED key, not a new host, since JSch alone
 * reports it as unknown. With {@code acceptNew}, OpenSSH's {@code StrictHostKeyChecking
 * accept-new}, which JSch lacks: a host not yet in known_hosts is added and accepted.
 */
final class KnownHostsPolicy implements HostKeyRepository {
  private final HostKeyRepository known;
  private final Path file;
  private final boolean acceptNew;

  KnownHostsPolicy(HostKeyRepository known, Path file, boolean acceptNew) {
    this.known = known;
    this.file = file;
    this.acceptNew = acceptNew;
  }

  @Override public synchronized int check(String host, byte[] key) {
    int r = known.check(host, key);
    if (r != NOT_INCLUDED) {
      return r;
    }
    HostKey[] onRecord = known.getHostKey(host, null);
    if (onRecord != null && onRecord.length > 0) {
      return CHANGED; // the host is known, under another key type: not a new host
    }
    if (!acceptNew) {
      return NOT_INCLUDED;
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
