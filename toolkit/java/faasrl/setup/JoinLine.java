package faasrl.setup;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the worker join command out of the master's output. kubeadm prints it over two lines
 * joined by a backslash:
 *
 * <pre>
 * kubeadm join 10.0.1.1:6443 --token abcdef.0123456789abcdef \
 *     --discovery-token-ca-cert-hash sha256:1f2e...
 * </pre>
 *
 * vHive's setup_tool prints it on one line after "with command: sudo ", and {@code kubeadm token
 * create --print-join-command} on one line too. Thread-safe.
 */
final class JoinLine {
  private static final Pattern COMPLETE = Pattern.compile(
      // only the characters these fields can hold: the line is run by a shell on every worker
      "kubeadm join [A-Za-z0-9.\\[\\]:-]+:\\d+ --token [a-z0-9]{6}\\.[a-z0-9]{16}"
          + " --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}");
  private final StringBuilder pending = new StringBuilder();
  private String command;

  /** Feeds one line of output. */
  synchronized void accept(String line) {
    String l = line.strip();
    if (pending.length() == 0) {
      int at = l.indexOf("kubeadm join ");
      if (at < 0) {
        return;
      }
      l = l.substring(at);
    }
    boolean continues = l.endsWith("\\");
    pending.append(continues ? l.substring(0, l.length() - 1) : l).append(' ');
    if (!continues) {
      Matcher m = COMPLETE.matcher(pending.toString().replaceAll("\\s+", " "));
      if (m.find()) {
        command = m.group();
      }
      pending.setLength(0);
    }
  }

  /** The last complete join command seen (without sudo). */
  synchronized Optional<String> command() {
    return Optional.ofNullable(command);
  }
}
