package faasrl.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.rl.Agent;
import faasrl.rl.EnvState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's checkpoint: the agent (its own files), the environment's state and the step count, in
 * {@code DIR/checkpoint}. Written into a temporary directory and swapped in by renames, so a kill at
 * any instant leaves either the old or the new checkpoint whole.
 *
 * @param steps       steps completed and logged
 * @param wallSeconds wall time spent by the run so far, over all its attempts
 * @param agent       the agent's name
 * @param env         the environment's state
 */
public record Checkpoint(long steps, double wallSeconds, String agent, EnvState env) {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String DIR = "checkpoint";

  /** Saves the agent and this record under {@code runDir}. */
  public void write(Path runDir, Agent a) throws IOException {
    Path tmp = runDir.resolve(DIR + ".tmp");
    Path current = runDir.resolve(DIR);
    Path old = runDir.resolve(DIR + ".old");
    delete(tmp);
    Files.createDirectories(tmp);
    a.save(tmp.resolve("agent"));
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve("run.json").toFile(), this);
    delete(old);
    if (Files.exists(current)) {
      Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
    delete(old);
  }

  /** The newest whole checkpoint under {@code runDir}, if any. */
  public static Optional<Path> find(Path runDir) {
    for (String name : new String[] {DIR, DIR + ".old"}) {
      Path p = runDir.resolve(name);
      if (Files.exists(p.resolve("run.json"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Reads a checkpoint and restores {@code a} from it. */
  public static Checkpoint read(Path checkpointDir, Agent a) throws IOException {
    Checkpoint c = JSON.readValue(checkpointDir.resolve("run.json").toFile(), Checkpoint.class);
    if (!c.agent().equals(a.name())) {
      throw new IllegalArgumentException("checkpoint in " + checkpointDir + " is of agent '" + c.agent()
          + "', not '" + a.name() + "'");
    }
    a.load(checkpointDir.resolve("agent"));
    return c;
  }

  static void delete(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
