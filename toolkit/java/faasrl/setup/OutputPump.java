package faasrl.setup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits one command's stdout and stderr into lines: each masked line goes to the node's log and
 * listener, each raw line to the command's hook; prompts are matched on the unterminated line too
 * (scripts prompt with {@code read -p}, without a newline) and answered on stdin.
 */
final class OutputPump {
  static final int TAIL_LINES = 40;
  // kubeadm's secrets wherever they appear: flags, "[bootstrap-token] Using token: ...", masterKey.yaml
  private static final Pattern FLAG = Pattern.compile(
      "(--(?:token|discovery-token-ca-cert-hash|certificate-key|token-ca-cert-hash)[ =])\\S+");
  private static final Pattern LABELLED = Pattern.compile("(?i)((?:using token|ApiserverToken(?:Hash)?|token):\\s*)\\S+");
  private static final Pattern BOOTSTRAP_TOKEN = Pattern.compile("\\b[a-z0-9]{6}\\.[a-z0-9]{16}\\b");
  private static final Pattern CERT_HASH = Pattern.compile("sha256:[0-9a-fA-F]{64}");

  private final String node;
  private final Command command;
  private final Writer log;
  private final OutputListener listener;
  private final OutputStream stdin;
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile RuntimeException failure;

  OutputPump(String node, Command command, Writer log, OutputListener listener, OutputStream stdin) {
    this.node = node;
    this.command = command;
    this.log = log;
    this.listener = listener;
    this.stdin = stdin;
  }

  /**
   * Masks kubeadm's bootstrap tokens, CA cert hashes and certificate keys whatever line carries
   * them: secrets never reach logs, listeners or error messages.
   */
  static String mask(String s) {
    String m = FLAG.matcher(s).replaceAll("$1***");
    m = LABELLED.matcher(m).replaceAll("$1***");
    m = BOOTSTRAP_TOKEN.matcher(m).replaceAll("***");
    return CERT_HASH.matcher(m).replaceAll("sha256:***");
  }

  /** Starts a daemon thread that reads {@code in} until EOF. */
  Thread drain(InputStream in, String name) {
    Thread t = new Thread(() -> read(in), name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void read(InputStream in) {
    StringBuilder line = new StringBuilder();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        String chunk = new String(buf, 0, n, StandardCharsets.UTF_8);
        for (int i = 0; i < chunk.length(); i++) {
          char c = chunk.charAt(i);
          if (c == '\n') {
            answerPrompt(line.toString());
            complete(line.toString());
            line.setLength(0);
          } else if (c != '\r') {
            line.append(c);
          }
        }
        if (line.length() > 0 && answerPrompt(line.toString())) {
          complete(line.toString());
          line.setLength(0);
        }
      }
    } catch (IOException e) {
      // the channel was closed under us (timeout or disconnect): what we have is all there is
    }
    if (line.length() > 0) {
      complete(line.toString());
    }
  }

  private void complete(String raw) {
    command.onLine().accept(raw);
    String masked = mask(raw);
    synchronized (this) {
      tail.addLast(masked);
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }
    synchronized (log) { // shared by every command on this node
      try {
        log.write(masked);
        log.write('\n');
        log.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the log of " + node, e);
      }
    }
    listener.line(node, masked);
  }

  private boolean answerPrompt(String partial) {
    for (Command.Answer a : command.answers()) {
      if (a.prompt().matcher(partial).find()) {
        String reply;
        try {
          reply = a.reply().get();
        } catch (RuntimeException e) {
          failure = e; // the command is stopped and this is rethrown by Ssh
          return true;
        }
        try {
          stdin.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
          stdin.flush();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot answer '" + partial + "' on " + node, e);
        }
        return true;
      }
    }
    return false;
  }

  /** What went wrong while computing an answer, or null. */
  RuntimeException failure() {
    return failure;
  }

  /** The last lines seen, oldest first. */
  synchronized List<String> tail() {
    return new ArrayList<>(tail);
  }
}
