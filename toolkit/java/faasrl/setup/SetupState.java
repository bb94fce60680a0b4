package faasrl.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The steps a set-up has finished, one line per step appended as it finishes ({@code done NODE
 * STEP TIME}), so that a run that stopped anywhere resumes after its last finished step. The first
 * line names the cluster it belongs to; resuming a different cluster is refused.
 */
final class SetupState {
  private final Path file;
  private final Set<String> done = new HashSet<>();

  private SetupState(Path file) {
    this.file = file;
  }

  /**
   * Opens the state for {@code identity} (master, workers, version). Without {@code resume} an
   * existing state with finished steps is an error: nothing is silently redone or overwritten.
   */
  static SetupState open(Path file, String identity, boolean resume) {
    SetupState s = new SetupState(file);
    try {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        String header = "# " + identity;
        if (!lines.isEmpty() && !lines.get(0).equals(header)) {
          throw new IllegalArgumentException("set-up state " + file + " belongs to another cluster ("
              + lines.get(0).substring(2) + "), not " + identity + "; use another output folder");
        }
        for (String l : lines) {
          String[] f = l.split(" ");
          if (f.length >= 3 && f[0].equals("done")) {
            s.done.add(f[1] + " " + f[2]);
          }
        }
        if (!s.done.isEmpty() && !resume) {
          throw new IllegalArgumentException("set-up state " + file + " records " + s.done.size()
              + " finished steps: pass --resume to continue it, or use another output folder");
        }
      } else {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, "# " + identity + "\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read set-up state " + file, e);
    }
    return s;
  }

  synchronized boolean isDone(String node, String step) {
    return done.contains(node + " " + step);
  }

  synchronized void markDone(String node, String step) {
    try {
      Files.writeString(file, "done " + node + " " + step + " " + Instant.now() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record step " + step + " of " + node + " in " + file, e);
    }
    done.add(node + " " + step);
  }

  Path file() {
    return file;
  }
}
