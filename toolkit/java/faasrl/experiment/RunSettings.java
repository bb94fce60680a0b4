package faasrl.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings that make a run the experiment it is (seed, SLO, DQN preset, backend...), as the
 * command line gave them, kept in {@code DIR/settings.json}: a resumed run must be given the same
 * ones, or it would silently continue another experiment in the same log.
 *
 * <!-- given: boolean resume -->
 * <pre>{@code
 * RunSettings.of("--seed", 7, "--slo-ms", 5).prepare(Path.of("run"), resume);   // refuses other values on resume
 * }</pre>
 *
 * @param values setting name to value, in the order given
 */
public record RunSettings(Map<String, String> values) {
  static final String FILE = "settings.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public RunSettings {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Settings from name, value pairs; values are compared as text. */
  public static RunSettings of(Object... nameValues) {
    if (nameValues.length % 2 != 0) {
      throw new IllegalArgumentException("settings come in name, value pairs; got " + nameValues.length + " items");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      m.put(String.valueOf(nameValues[i]), String.valueOf(nameValues[i + 1]));
    }
    return new RunSettings(m);
  }

  /**
   * Before a run in {@code dir}: when resuming a run that recorded its settings, refuses other ones;
   * then records these.
   *
   * @throws IllegalArgumentException in one line naming every setting that differs
   */
  public void prepare(Path dir, boolean resume) throws IOException {
    Path file = dir.resolve(FILE);
    if (resume && Files.exists(file)) {
      Map<String, String> was;
      try {
        was = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() {});
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot resume the run in " + dir + ": " + file + " is corrupt: "
            + e.getOriginalMessage().lines().findFirst().orElse("unreadable"), e);
      }
      List<String> differ = new ArrayList<>();
      values.forEach((k, v) -> {
        if (was.containsKey(k) && !was.get(k).equals(v)) {
          differ.add(k + " " + was.get(k) + ", not " + v);
        }
      });
      if (!differ.isEmpty()) {
        throw new IllegalArgumentException("cannot resume the run in " + dir + ": it was made with "
            + String.join("; ", differ) + " (give the same settings, or start a new run without --resume)");
      }
    }
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), values);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
