package faasrl.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.env.Agent;
import faasrl.env.EnvState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A run's checkpoint: the agent (its own files), the environment's state and the step count, in
 * {@code DIR/checkpoint}. Written into a temporary directory and swapped in by renames, so a kill at
 * any instant leaves either the old or the new checkpoint whole. {@code run.json} records the
 * SHA-256 of every agent file and of the step log as it stood, so a damaged file, or a checkpoint
 * put next to another run's log, is named when the run resumes instead of loading garbage.
 *
 * <!-- given: Agent agent; ScalingEnv env; StepLog log; Path dir -->
 * <pre>{@code
 * new Checkpoint(50, 12.5, agent.name(), env.state(), log.digest(), Map.of()).write(dir, agent);
 * Checkpoint c = Checkpoint.read(Checkpoint.find(dir).orElseThrow(), agent);   // restores the agent
 * }</pre>
 *
 * @param steps       steps completed and logged
 * @param wallSeconds wall time spent by the run so far, over all its attempts
 * @param agent       the agent's name
 * @param env         the environment's state
 * @param logSha256   SHA-256 (hex) of the step log's header and rows of the first {@code steps} steps; null if unknown
 * @param files       SHA-256 (hex) of each agent file, by path below the checkpoint; filled in by {@link #write}
 */
public record Checkpoint(long steps, double wallSeconds, String agent, EnvState env, String logSha256,
    Map<String, String> files) {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String DIR = "checkpoint";
  static final String RUN_JSON = "run.json";

  public Checkpoint {
    files = files == null ? Map.of() : Map.copyOf(files);
  }

  /** Saves the agent and this record (with the agent files' checksums) under {@code runDir}. */
  public void write(Path runDir, Agent a) throws IOException {
    Path tmp = runDir.resolve(DIR + ".tmp");
    Path current = runDir.resolve(DIR);
    Path old = runDir.resolve(DIR + ".old");
    delete(tmp);
    Files.createDirectories(tmp);
    a.save(tmp.resolve("agent"));
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> s = Files.walk(tmp)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        sums.put(tmp.relativize(p).toString(), sha256(p));
      }
    }
    Checkpoint withSums = new Checkpoint(steps, wallSeconds, agent, env, logSha256, sums);
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(RUN_JSON).toFile(), withSums);
    delete(old);
    if (Files.exists(current)) {
      Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
    delete(old);
  }

  /**
   * The newest checkpoint under {@code runDir}, if any: {@code checkpoint}, or {@code checkpoint.old}
   * when a kill came between the two renames of {@link #write}.
   */
  public static Optional<Path> find(Path runDir) {
    Path current = runDir.resolve(DIR);
    if (Files.isDirectory(current)) {
      return Optional.of(current); // read() names what is wrong with it, if anything
    }
    Path old = runDir.resolve(DIR + ".old");
    return Files.exists(old.resolve(RUN_JSON)) ? Optional.of(old) : Optional.empty();
  }

  /**
   * Reads a checkpoint, checks every file it lists, and restores {@code a} from it.
   *
   * @throws IllegalArgumentException in one line naming the file and what is wrong with it
   */
  public static Checkpoint read(Path checkpointDir, Agent a) throws IOException {
    Path runJson = checkpointDir.resolve(RUN_JSON);
    if (!Files.isRegularFile(runJson)) {
      throw new IllegalArgumentException("checkpoint file " + runJson + " is missing");
    }
    Checkpoint c;
    try {
      c = JSON.readValue(runJson.toFile(), Checkpoint.class);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new IllegalArgumentException("checkpoint file " + runJson + " is corrupt: " + e.getOriginalMessage()
          .lines().findFirst().orElse("unreadable") + (at == null ? "" : " (line " + at.getLineNr() + ", column "
          + at.getColumnNr() + ")"), e);
    }
    if (c == null || c.agent() == null || c.env() == null || c.steps() < 1) {
      throw new IllegalArgumentException("checkpoint file " + runJson + " is corrupt: it lacks "
          + (c == null ? "everything" : c.agent() == null ? "the agent's name" : c.env() == null
          ? "the environment's state" : "a step count >= 1 (has " + c.steps() + ")"));
    }
    if (!c.agent().equals(a.name())) {
      throw new IllegalArgumentException("checkpoint in " + checkpointDir + " is of agent '" + c.agent()
          + "', not '" + a.name() + "'");
    }
    for (Map.Entry<String, String> f : c.files().entrySet()) {
      Path p = checkpointDir.resolve(f.getKey()).normalize();
      if (!p.startsWith(checkpointDir.normalize()) || !Files.isRegularFile(p)) {
        throw new IllegalArgumentException("checkpoint file " + p + " is missing");
      }
      String sum = sha256(p);
      if (!sum.equals(f.getValue())) {
        throw new IllegalArgumentException("checkpoint file " + p + " is corrupt: its SHA-256 is " + sum.substring(0, 12)
            + "..., not the " + f.getValue().substring(0, Math.min(12, f.getValue().length())) + "... recorded in "
            + RUN_JSON + " (" + Files.size(p) + " bytes)");
      }
    }
    try {
      a.load(checkpointDir.resolve("agent"));
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException("cannot load the agent saved in " + checkpointDir.resolve("agent") + ": "
          + e, e);
    }
    return c;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
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
