package faasrl.setup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A shell command to run on a node: the text, a timeout, answers to interactive prompts and a hook
 * for each raw output line. Immutable; the withers return copies.
 *
 * <!-- given: Consumer<String> joinLine; Supplier<String> joinWorkersThenYes -->
 * <pre>{@code
 * Command create = Command.of("./scripts/cluster/create_multinode_cluster.sh stock-only")
 *     .timeout(Duration.ofMinutes(30))
 *     .pty(true)
 *     .onLine(joinLine)
 *     .answer(Pattern.compile("Have you joined all nodes\\? \\(y/n\\)"), joinWorkersThenYes);
 * }</pre>
 *
 * @param text    the command line, run by the login user's shell
 * @param timeout how long it may run before it is stopped
 * @param pty     run on a pseudo-terminal: needed when the command prompts with bash's
 *                {@code read -p}, which prints its prompt only to a terminal
 * @param answers prompts (matched against the current, possibly unterminated, output line) and the
 *                answer sent to the command's stdin; the supplier may block
 * @param onLine  sees every complete raw line (unmasked), for parsing
 */
public record Command(String text, Duration timeout, boolean pty, List<Answer> answers, Consumer<String> onLine) {
  /** Default timeout: vHive's node set-up downloads and builds for a long while. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(45);

  /** A prompt and the answer to send (a newline is added). */
  public record Answer(Pattern prompt, Supplier<String> reply) {}

  public Command {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("command text must not be blank");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("command timeout must be > 0, was " + timeout);
    }
    answers = List.copyOf(answers);
    onLine = onLine == null ? line -> {} : onLine;
  }

  public static Command of(String text) {
    return new Command(text, DEFAULT_TIMEOUT, false, List.of(), null);
  }

  public Command timeout(Duration v) {
    return new Command(text, v, pty, answers, onLine);
  }

  public Command pty(boolean v) {
    return new Command(text, timeout, v, answers, onLine);
  }

  /** Answers {@code prompt} with what {@code reply} returns when it is called (it may block). */
  public Command answer(Pattern prompt, Supplier<String> reply) {
    List<Answer> a = new ArrayList<>(answers);
    a.add(new Answer(prompt, reply));
    return new Command(text, timeout, pty, a, onLine);
  }

  public Command onLine(Consumer<String> v) {
    return new Command(text, timeout, pty, answers, v);
  }
}
