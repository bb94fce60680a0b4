package faasrl.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hash of the code that produced a result: SHA-256 over {@code toolkit/}, {@code data/} and
 * {@code pom.xml}, file by file in sorted path order (path, size and contents; never mtimes), skipping
 * what {@code .gitignore} files ignore. The same in every clone of the same commit. The build
 * embeds it in the jar ({@link #RESOURCE}); {@code faasrl --version} prints it as {@code source=};
 * every executed notebook records it as {@code metadata.faasrl.source}, and a test compares the two.
 *
 * <pre>{@code
 * String h = SourceHash.of(Path.of("."));   // e.g. "3f9a0c1d2e4b5a69"
 * String built = SourceHash.embedded();     // what the running jar was built from
 * }</pre>
 *
 * <p>Run as a program ({@code SourceHash REPO_DIR OUT_FILE}) it writes the hash to a file: the build
 * does this at process-classes.
 */
public final class SourceHash {
  /** The roots hashed, relative to the repository. */
  public static final List<String> ROOTS = List.of("toolkit", "data", "pom.xml");
  /** Where the build puts the hash on the classpath. */
  public static final String RESOURCE = "faasrl/source-hash";
  /** Hex digits kept: 64 bits, plenty to tell builds apart. */
  static final int LENGTH = 16;

  private SourceHash() {}

  /** The hash of {@link #ROOTS} under {@code repo}. */
  public static String of(Path repo) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String rel : files(repo)) {
        byte[] content = Files.readAllBytes(repo.resolve(rel));
        sha.update((rel + "\0" + content.length + "\0").getBytes(StandardCharsets.UTF_8));
        sha.update(content);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, LENGTH);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash the sources under " + repo + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The files hashed, as sorted repository-relative paths with {@code /}. */
  static List<String> files(Path repo) throws IOException {
    Ignores ignores = Ignores.of(repo);
    List<String> out = new ArrayList<>();
    for (String root : ROOTS) {
      Path start = repo.resolve(root);
      if (!Files.exists(start)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(start)) {
        walk.filter(Files::isRegularFile)
            .map(p -> repo.relativize(p).toString().replace('\\', '/'))
            .filter(rel -> !ignores.ignored(rel))
            .forEach(out::add);
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  /** The hash this jar was built from, or "unknown" when running from classes without one. */
  public static String embedded() {
    try (InputStream in = SourceHash.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SourceHash REPO_DIR OUT_FILE");
      System.exit(2);
    }
    Path out = Path.of(args[1]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, of(Path.of(args[0])) + "\n");
  }

  /**
   * The {@code .gitignore} rules of the repository root and of every directory on a file's path:
   * blank lines and {@code #} comments skipped, {@code !} re-includes, a trailing {@code /} matches
   * directories, a pattern with a {@code /} before its end is anchored to its file's directory, one
   * without matches a name at any depth. Enough for the patterns repositories use.
   */
  record Ignores(Path repo, List<Rule> rules) {
    record Rule(String base, PathMatcher matcher, boolean negate, boolean dirOnly) {}

    static Ignores of(Path repo) throws IOException {
      List<Rule> rules = new ArrayList<>();
      List<Path> files = new ArrayList<>();
      files.add(repo.resolve(".gitignore"));
      for (String root : ROOTS) {
        Path p = repo.resolve(root);
        if (Files.isDirectory(p)) {
          try (Stream<Path> walk = Files.walk(p)) {
            walk.filter(f -> f.getFileName().toString().equals(".gitignore")).sorted().forEach(files::add);
          }
        }
      }
      for (Path f : files) {
        if (!Files.isRegularFile(f)) {
          continue;
        }
        String base = repo.relativize(f.getParent()).toString().replace('\\', '/');
        for (String line : Files.readAllLines(f)) {
          String t = line.strip();
          if (t.isEmpty() || t.startsWith("#")) {
            continue;
          }
          boolean negate = t.startsWith("!");
          if (negate) {
            t = t.substring(1);
          }
          boolean dirOnly = t.endsWith("/");
          if (dirOnly) {
            t = t.substring(0, t.length() - 1);
          }
          boolean anchored = t.contains("/");
          if (t.startsWith("/")) {
            t = t.substring(1);
          }
          String glob = anchored ? t : "**/" + t;
          rules.add(new Rule(base, FileSystems.getDefault().getPathMatcher("glob:{" + glob + "," + t + "}"),
              negate, dirOnly));
        }
      }
      return new Ignores(repo, rules);
    }

    /** Whether {@code rel} or a directory above it is ignored (the last matching rule wins). */
    boolean ignored(String rel) {
      String[] parts = rel.split("/");
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          prefix.append('/');
        }
        prefix.append(parts[i]);
        if (matches(prefix.toString(), i < parts.length - 1)) {
          return true;
        }
      }
      return false;
    }

    private boolean matches(String path, boolean isDir) {
      boolean ignored = false;
      for (Rule r : rules) {
        if (r.dirOnly && !isDir) {
          continue;
        }
        String local;
        if (r.base.isEmpty()) {
          local = path;
        } else if (path.startsWith(r.base + "/")) {
          local = path.substring(r.base.length() + 1);
        } else {
          continue;
        }
        if (r.matcher.matches(Path.of(local))) {
          ignored = !r.negate;
        }
      }
      return ignored;
    }
  }
}
