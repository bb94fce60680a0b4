package faasrl.notebook;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code %maven GROUP:ARTIFACT:VERSION}: the artifact and its runtime dependencies, resolved by the
 * user's own Maven ({@code mvn dependency:build-classpath} on a one-dependency pom), so that its
 * settings (mirrors, proxies, credentials) apply and everything is cached in {@code ~/.m2} as for
 * any build; the toolkit jar carries no resolver of its own. The artifact's sources jar comes too,
 * when it has one, for Javadoc in inspection.
 *
 * <pre>{@code
 * List<Path> jars = MavenMagic.resolve("org.jsoup:jsoup:1.18.1");
 * }</pre>
 */
final class MavenMagic {
  static final Pattern COORDINATES = Pattern.compile("[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+");
  /** The dependency plugin pinned, so a fresh ~/.m2 resolves the same way. */
  static final String PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath";
  static final String GET = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get";
  static final long TIMEOUT_MINUTES = 10;

  private MavenMagic() {}

  /**
   * The jars of {@code coordinates} and its runtime dependencies, downloaded if need be.
   *
   * @throws IllegalArgumentException on malformed coordinates or an artifact Maven cannot resolve
   * @throws IllegalStateException when no {@code mvn} is on the PATH
   */
  static List<Path> resolve(String coordinates) {
    if (!COORDINATES.matcher(coordinates).matches()) {
      throw new IllegalArgumentException("%maven takes GROUP:ARTIFACT:VERSION, was '" + coordinates + "'");
    }
    String[] gav = coordinates.split(":");
    String mvn = findMvn();
    try {
      Path dir = Files.createTempDirectory("faasrl-maven");
      try {
        Files.writeString(dir.resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
            + "  <modelVersion>4.0.0</modelVersion>\n  <groupId>faasrl.notebook</groupId>\n"
            + "  <artifactId>maven-magic</artifactId>\n  <version>0</version>\n  <packaging>pom</packaging>\n"
            + "  <dependencies>\n    <dependency>\n      <groupId>" + gav[0] + "</groupId>\n      <artifactId>"
            + gav[1] + "</artifactId>\n      <version>" + gav[2] + "</version>\n    </dependency>\n"
            + "  </dependencies>\n</project>\n");
        Path cp = dir.resolve("classpath.txt");
        Path log = dir.resolve("mvn.log");
        Process p = new ProcessBuilder(mvn, "-B", "-q", "-f", dir.resolve("pom.xml").toString(), PLUGIN,
            "-Dmdep.outputFile=" + cp, "-Dmdep.includeScope=runtime")
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new IllegalArgumentException("%maven " + coordinates + ": Maven did not finish in "
              + TIMEOUT_MINUTES + " min");
        }
        if (p.exitValue() != 0 || !Files.exists(cp)) {
          throw new IllegalArgumentException("%maven " + coordinates + ": Maven could not resolve it:\n"
              + tail(Files.readString(log), 12));
        }
        fetchSources(mvn, coordinates, dir);
        List<Path> jars = new ArrayList<>();
        for (String entry : Files.readString(cp).strip().split(Pattern.quote(File.pathSeparator))) {
          if (!entry.isBlank()) {
            jars.add(Path.of(entry.strip()));
          }
        }
        return jars;
      } finally {
        try (var files = Files.walk(dir)) {
          files.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("%maven " + coordinates + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("%maven " + coordinates + " was interrupted", e);
    }
  }

  /**
   * Downloads the artifact's sources jar next to its jar in ~/.m2, where inspection finds its
   * Javadoc. Many artifacts publish none: a failure only means no Javadoc.
   */
  private static void fetchSources(String mvn, String coordinates, Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(mvn, "-B", "-q", "-f", dir.resolve("pom.xml").toString(), GET,
        "-Dartifact=" + coordinates + ":jar:sources", "-Dtransitive=false")
        .redirectErrorStream(true).redirectOutput(dir.resolve("sources.log").toFile()).start();
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
  }

  private static String findMvn() {
    String override = System.getenv("FAASRL_MVN");
    if (override != null && !override.isBlank()) {
      return override;
    }
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "" : path).split(Pattern.quote(File.pathSeparator))) {
      Path mvn = Path.of(dir.isEmpty() ? "." : dir, "mvn");
      if (Files.isExecutable(mvn)) {
        return mvn.toString();
      }
    }
    throw new IllegalStateException("%maven needs Apache Maven's mvn on the PATH (Debian: apt install maven), "
        + "or FAASRL_MVN set to it");
  }

  private static String tail(String text, int lines) {
    List<String> all = Arrays.asList(text.strip().split("\n"));
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
