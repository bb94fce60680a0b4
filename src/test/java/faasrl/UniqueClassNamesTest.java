package faasrl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two top-level classes under {@code toolkit/java} share a simple name, so that a name in a
 * notebook, a stack trace or the docs says which class it is without its package.
 */
class UniqueClassNamesTest {
  static final Path SOURCES = Path.of("").toAbsolutePath().resolve("toolkit/java");

  /** Simple names given to more than one source file, each with the files that use it. */
  static Map<String, List<String>> duplicates(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("package-info.java"))
          .collect(Collectors.groupingBy(p -> p.getFileName().toString().replaceFirst("\\.java$", ""), TreeMap::new,
              Collectors.mapping(p -> root.relativize(p).toString(), Collectors.toList())))
          .entrySet().stream().filter(e -> e.getValue().size() > 1)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }
  }

  @Test void everySimpleNameInTheToolkitIsUnique() throws IOException {
    assertThat(duplicates(SOURCES)).as("simple names used by more than one class under %s", SOURCES).isEmpty();
  }

  /** Guards the check above against passing vacuously (a moved source root, a broken filter). */
  @Test void theScanFindsADuplicateWhereThereIsOne(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    for (String f : List.of("a/Endpoint.java", "b/Endpoint.java", "b/Other.java", "a/package-info.java",
        "b/package-info.java")) {
      Files.createDirectories(dir.resolve(f).getParent());
      Files.writeString(dir.resolve(f), "");
    }
    assertThat(duplicates(dir)).containsOnlyKeys("Endpoint");
    try (Stream<Path> files = Files.walk(SOURCES)) {
      assertThat(files.filter(p -> p.toString().endsWith(".java")).count()).isGreaterThan(100);
    }
  }
}
