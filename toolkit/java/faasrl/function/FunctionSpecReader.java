package faasrl.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads function profiles from YAML or JSON (JSON is YAML). A file holds one function, or a list
 * under {@code functions:}. Every error names the file, the function and the field.
 *
 * <!-- not compiled: YAML -->
 * <pre>{@code
 * name: adservice
 * cpu: {type: lognormal, mean_us: 420, cv: 0.6}
 * io: {type: deterministic, value_us: 0}
 * overhead_us: 450
 * cold_start_ms: 4000
 * memory_mib: 300
 * parallelism: 0          # requests on CPU at once per replica; 1 = one event loop / GIL; 0 = no limit
 * calls: []
 * }</pre>
 *
 * Distributions: {@code {type: exponential, mean_us}}, {@code {type: lognormal, mean_us, cv}},
 * {@code {type: deterministic, value_us}}, {@code {type: empirical, samples_us: [..]}} or
 * {@code {type: empirical, csv: file.csv}} (one value in microseconds per line, a header allowed;
 * the path is relative to the profile).
 */
public final class FunctionSpecReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> FIELDS = Set.of("name", "description", "cpu", "io",
      "overhead_us", "cold_start_ms", "memory_mib", "parallelism", "calls", "source");

  private FunctionSpecReader() {}

  /** Reads every function in a file. */
  public static List<FunctionSpec> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "no such file"
          : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
      throw new UncheckedIOException("cannot read function profile " + file + ": " + why, e);
    }
    return parse(text, file.toString(), file.toAbsolutePath().getParent());
  }

  /** Parses profile text; {@code origin} names it in errors, {@code baseDir} resolves CSV paths. */
  public static List<FunctionSpec> parse(String text, String origin, Path baseDir) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed function profile " + origin + ": "
          + e.getOriginalMessage() + location(e), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("malformed function profile " + origin
          + ": expected a mapping with 'name' and 'cpu', or a list under 'functions'");
    }
    List<FunctionSpec> out = new ArrayList<>();
    if (root.has("functions")) {
      JsonNode list = root.get("functions");
      if (!list.isArray()) {
        throw new IllegalArgumentException(origin + ": 'functions' must be a list");
      }
      for (JsonNode n : list) {
        out.add(one(n, origin, baseDir));
      }
    } else {
      out.add(one(root, origin, baseDir));
    }
    return out;
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
  }

  private static FunctionSpec one(JsonNode n, String origin, Path baseDir) {
    String name = n.path("name").asText("");
    String where = origin + (name.isEmpty() ? "" : " function '" + name + "'");
    if (name.isEmpty()) {
      throw new IllegalArgumentException(where + ": missing field 'name'");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new IllegalArgumentException(where + ": unknown field '" + f + "' (known: "
            + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    }
    if (!n.has("cpu")) {
      throw new IllegalArgumentException(where + ": missing field 'cpu'");
    }
    try {
      List<String> calls = new ArrayList<>();
      n.path("calls").forEach(c -> calls.add(c.asText()));
      return FunctionSpec.builder(name)
          .description(n.path("description").asText(""))
          .cpu(distribution(n.get("cpu"), where + " field 'cpu'", baseDir))
          .io(n.has("io") ? distribution(n.get("io"), where + " field 'io'", baseDir) : Distribution.zero())
          .overheadMicros(number(n, "overhead_us", 0, where))
          .coldStart(coldStart(number(n, "cold_start_ms", 0, where), where))
          .memoryMiB(whole(n, "memory_mib", 64, FunctionSpec.MAX_MEMORY_MIB, where))
          .parallelism(whole(n, "parallelism", 0, FunctionSpec.MAX_PARALLELISM, where))
          .calls(calls)
          .source(n.path("source").asText(""))
          .build();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(origin)) {
        throw e;
      }
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static double number(JsonNode n, String field, double dflt, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(where + ": field '" + field + "' must be a number, was '"
          + v.asText() + "'");
    }
    return v.asDouble();
  }

  /** Milliseconds within 0..{@link FunctionSpec#MAX_COLD_START}, checked before they become a Duration. */
  private static Duration coldStart(double ms, String where) {
    double max = FunctionSpec.MAX_COLD_START.toMillis();
    if (!(ms >= 0) || ms > max) {
      throw new IllegalArgumentException(where + ": field 'cold_start_ms' must be 0.." + (long) max + ", was " + ms);
    }
    return Duration.ofNanos(Math.round(ms * 1e6));
  }

  /** A whole number within 0..max, checked before it becomes an int. */
  private static int whole(JsonNode n, String field, int dflt, int max, String where) {
    double v = number(n, field, dflt, where);
    if (!(v >= 0) || v > max || v != Math.rint(v)) {
      throw new IllegalArgumentException(where + ": field '" + field + "' must be a whole number 0.." + max
          + ", was " + v);
    }
    return (int) v;
  }

  static Distribution distribution(JsonNode d, String where, Path baseDir) {
    try {
      return distributionOf(d, where, baseDir);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static Distribution distributionOf(JsonNode d, String where, Path baseDir) {
    if (d.isNumber()) {
      return Distribution.deterministic(d.asDouble());
    }
    if (!d.isObject() || !d.has("type")) {
      throw new IllegalArgumentException(where + ": expected {type: exponential|lognormal|"
          + "deterministic|empirical, ...} or a number of microseconds");
    }
    String type = d.get("type").asText();
    return switch (type) {
      case "exponential" -> Distribution.exponential(number(d, "mean_us", Double.NaN, where));
      case "lognormal" -> Distribution.lognormal(number(d, "mean_us", Double.NaN, where),
          number(d, "cv", Double.NaN, where));
      case "deterministic" -> Distribution.deterministic(number(d, "value_us", Double.NaN, where));
      case "empirical" -> empirical(d, where, baseDir);
      default -> throw new IllegalArgumentException(where + ": unknown distribution type '" + type
          + "' (known: exponential, lognormal, deterministic, empirical)");
    };
  }

  private static Distribution empirical(JsonNode d, String where, Path baseDir) {
    if (d.has("samples_us")) {
      JsonNode s = d.get("samples_us");
      double[] v = new double[s.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = s.get(i).asDouble(Double.NaN);
      }
      return Distribution.empirical(v);
    }
    if (!d.has("csv")) {
      throw new IllegalArgumentException(where + ": empirical needs 'samples_us' or 'csv'");
    }
    Path csv = baseDir == null ? Path.of(d.get("csv").asText()) : baseDir.resolve(d.get("csv").asText());
    return Distribution.empirical(SampleCsv.read(csv));
  }
}
