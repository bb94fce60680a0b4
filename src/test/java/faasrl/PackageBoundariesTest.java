package faasrl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries of the main sources under {@code toolkit/java}: only the learning agents
 * ({@code faasrl.rl}) use DL4J, ND4J or RL4J, and neither the environment ({@code faasrl.env}) nor
 * the rule-based scalers ({@code faasrl.scaler}) depend on the agents; the cluster interface and
 * everything written against it name no backend, and the real backends do not use the simulator.
 * A file breaks a boundary when
 * it names a forbidden package in code, by import or fully qualified; comments and strings do not
 * count.
 */
class PackageBoundariesTest {
  /** Tests run in the project directory (as NotebookFreshnessTest relies on too). */
  static final Path SOURCES = Path.of("").toAbsolutePath().resolve("toolkit/java");
  static final String AGENTS = "faasrl/rl";
  /** DL4J and ND4J; RL4J lives under org.deeplearning4j (rl4j, gym). */
  static final List<String> DEEP_LEARNING = List.of("org.deeplearning4j", "org.nd4j");
  static final List<String> AGENT_FREE = List.of("faasrl/env", "faasrl/scaler");
  /** The backends, the facade above them and calibration, which drives two of them. */
  static final List<String> BACKENDS = List.of("faasrl.sim", "faasrl.local", "faasrl.knative", "faasrl.Clusters",
      "faasrl.calibrate");
  /** The contract and what is written against it: none may depend on a backend. */
  static final List<String> BACKEND_FREE = List.of("faasrl/cluster", "faasrl/experiment", "faasrl/scaler",
      "faasrl/env", "faasrl/rl", "faasrl/trace");
  static final List<String> REAL_BACKENDS = List.of("faasrl/local", "faasrl/knative");

  /** Comments, text blocks, strings and char literals, matched from wherever the first one starts. */
  private static final Pattern NOT_CODE = Pattern.compile(
      "//[^\\n]*|/\\*[\\s\\S]*?\\*/|\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'");

  @Test void onlyTheAgentsUseDl4jNd4jOrRl4j() {
    List<String> broken = new ArrayList<>();
    for (Path f : mainSources()) {
      if (!dir(f).equals(AGENTS) && !dir(f).startsWith(AGENTS + "/")) {
        DEEP_LEARNING.forEach(pkg -> broken.addAll(references(f, pkg)));
      }
    }
    assertThat(broken).as("DL4J, ND4J and RL4J belong to %s only", AGENTS).isEmpty();
  }

  @Test void theEnvironmentAndTheScalersDoNotDependOnTheAgents() {
    List<String> broken = new ArrayList<>();
    for (Path f : mainSources()) {
      if (AGENT_FREE.stream().anyMatch(d -> dir(f).equals(d) || dir(f).startsWith(d + "/"))) {
        broken.addAll(references(f, "faasrl.rl"));
      }
    }
    assertThat(broken).as("%s must not use faasrl.rl", AGENT_FREE).isEmpty();
  }

  @Test void theClusterContractAndTheCodeWrittenAgainstItNameNoBackend() {
    List<String> broken = new ArrayList<>();
    for (Path f : mainSources()) {
      if (within(f, BACKEND_FREE)) {
        BACKENDS.forEach(pkg -> broken.addAll(references(f, pkg)));
      }
    }
    assertThat(broken).as("%s must not use a backend %s (they start one by name: Backend.named)", BACKEND_FREE,
        BACKENDS).isEmpty();
  }

  @Test void theRealBackendsDoNotUseTheSimulator() {
    List<String> broken = new ArrayList<>();
    for (Path f : mainSources()) {
      if (within(f, REAL_BACKENDS)) {
        broken.addAll(references(f, "faasrl.sim"));
      }
    }
    assertThat(broken).as("%s must not use faasrl.sim (calibration lives in faasrl.calibrate)", REAL_BACKENDS)
        .isEmpty();
  }

  /** Guards the checks above against passing vacuously (a moved source root, a broken pattern). */
  @Test void theScanFindsEveryPackageAndTheAgentsUseOfDl4jAndRl4j() {
    List<String> dirs = mainSources().stream().map(PackageBoundariesTest::dir).distinct().toList();
    assertThat(dirs).contains(AGENTS, "faasrl/env", "faasrl/scaler", "faasrl/experiment");
    assertThat(references(SOURCES.resolve("faasrl/rl/DqnAgent.java"), "org.nd4j")).isNotEmpty();
    assertThat(references(SOURCES.resolve("faasrl/rl/Rl4jAgent.java"), "org.deeplearning4j.rl4j")).isNotEmpty();
    assertThat(references(SOURCES.resolve("faasrl/scaler/Kpa.java"), "faasrl.env")).isNotEmpty();
    assertThat(dirs).contains("faasrl/cluster", "faasrl/local", "faasrl/knative", "faasrl/calibrate");
    assertThat(references(SOURCES.resolve("faasrl/Clusters.java"), "faasrl.sim")).isNotEmpty();
    assertThat(references(SOURCES.resolve("faasrl/calibrate/Calibrator.java"), "faasrl.sim")).isNotEmpty();
  }

  @Test void commentsAndStringsAreNotReferences() {
    String src = """
        package x; // unlike org.nd4j
        /* org.nd4j.linalg, "quoted" */
        class A { String s = "org.nd4j.x // not a comment"; char c = '"'; org.nd4j.linalg.api.ndarray.INDArray a; }
        """;
    List<String> found = references("A.java", src, "org.nd4j");
    assertThat(found).containsExactly("A.java:3 names org.nd4j");
    assertThat(references("A.java", "import faasrl.rlx.B; import faasrl.rl.*;", "faasrl.rl"))
        .containsExactly("A.java:1 names faasrl.rl");
  }

  private static boolean within(Path f, List<String> dirs) {
    return dirs.stream().anyMatch(d -> dir(f).equals(d) || dir(f).startsWith(d + "/"));
  }

  static List<Path> mainSources() {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the main sources under " + SOURCES, e);
    }
  }

  /** The file's package directory relative to the source root, with '/' separators. */
  static String dir(Path file) {
    return SOURCES.relativize(file.getParent()).toString().replace('\\', '/');
  }

  static List<String> references(Path file, String pkg) {
    try {
      return references(SOURCES.relativize(file).toString(), Files.readString(file), pkg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Where the code of {@code src} names {@code pkg} or a package or type inside it, as "file:line names pkg". */
  static List<String> references(String name, String src, String pkg) {
    String code = codeOnly(src);
    Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(pkg) + "(?![\\w])").matcher(code);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      long line = code.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
      found.add(name + ":" + line + " names " + pkg);
    }
    return found;
  }

  /** {@code src} with comments and literals blanked, keeping their line breaks so lines still count. */
  static String codeOnly(String src) {
    return NOT_CODE.matcher(src).replaceAll(r -> r.group().replaceAll("[^\\n]", ""));
  }
}
