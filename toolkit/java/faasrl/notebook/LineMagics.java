package faasrl.notebook;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The line magics, named and behaving as in IJava/JJava where they overlap:
 * <ul>
 *   <li>{@code %classpath PATH...} adds jars or class directories (globs allowed; entries may be
 *       joined with the path separator);</li>
 *   <li>{@code %jars GLOB...} adds every jar the globs match;</li>
 *   <li>{@code %maven GROUP:ARTIFACT:VERSION...} adds artifacts from Maven Central (or the user's
 *       Maven repositories) with their runtime dependencies, cached in {@code ~/.m2};</li>
 *   <li>{@code %load FILE} evaluates a file of Java snippets (tries {@code FILE}, {@code FILE.jsh},
 *       {@code FILE.jshell}, {@code FILE.java}) as if it were a cell.</li>
 * </ul>
 * Relative paths resolve against the kernel's working directory: the notebook's directory.
 */
final class LineMagics {
  private static final List<String> LOAD_SUFFIXES = List.of("", ".jsh", ".jshell", ".java");

  private final JShellEvaluator evaluator;
  private final Function<String, Object> evalCell;

  /** {@code evalCell} evaluates a whole cell (magics included), for {@code %load}. */
  LineMagics(JShellEvaluator evaluator, Function<String, Object> evalCell) {
    this.evaluator = evaluator;
    this.evalCell = evalCell;
  }

  /** Runs one magic and returns its value (only {@code %load} has one). */
  Object run(CellParts.Magic magic) {
    List<String> args = magic.args();
    return switch (magic.name()) {
      case "classpath" -> {
        for (String arg : requireArgs(magic)) {
          for (String entry : arg.split(File.pathSeparator)) {
            for (Path p : resolve(entry)) {
              evaluator.addToClasspath(p.toAbsolutePath().toString());
            }
          }
        }
        yield null;
      }
      case "jars" -> {
        for (String glob : requireArgs(magic)) {
          List<Path> jars = resolve(glob).stream()
              .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar")).toList();
          if (jars.isEmpty()) {
            throw new IllegalArgumentException("%jars: no jar file matches " + glob);
          }
          jars.forEach(p -> evaluator.addToClasspath(p.toAbsolutePath().toString()));
        }
        yield null;
      }
      case "maven" -> {
        if (magic.args().isEmpty()) {
          throw new IllegalArgumentException("%maven needs GROUP:ARTIFACT:VERSION");
        }
        List<Path> jars = new ArrayList<>();
        for (String coordinates : magic.args()) {
          jars.addAll(MavenMagic.resolve(coordinates)); // all resolved before any is added
        }
        jars.forEach(p -> evaluator.addToClasspath(p.toAbsolutePath().toString()));
        yield null;
      }
      case "load" -> {
        if (args.size() != 1) {
          throw new IllegalArgumentException("%load takes one file, was given " + args.size() + ": " + args);
        }
        yield evalCell.apply(readSource(args.get(0)));
      }
      default -> throw new IllegalArgumentException(
          "unknown magic %" + magic.name() + "; this kernel knows %classpath, %jars, %maven and %load");
    };
  }

  private static List<String> requireArgs(CellParts.Magic magic) {
    if (magic.args().isEmpty()) {
      throw new IllegalArgumentException("%" + magic.name() + " needs at least one path");
    }
    return magic.args();
  }

  /** The files a glob ({@code *}, {@code ?}, {@code **}, {@code [..]}, {@code {a,b}}) matches, sorted. */
  static List<Path> resolve(String glob) {
    int firstWild = indexOfWildcard(glob);
    List<Path> found = new ArrayList<>();
    if (firstWild < 0) {
      if (Files.exists(Path.of(glob))) {
        found.add(Path.of(glob));
      }
    } else {
      int slash = glob.lastIndexOf('/', firstWild);
      Path base = slash < 0 ? Path.of("") : Path.of(glob.substring(0, slash + 1));
      int depth = glob.contains("**") ? Integer.MAX_VALUE
          : (int) glob.substring(slash + 1).chars().filter(c -> c == '/').count() + 1;
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      if (Files.isDirectory(base.toString().isEmpty() ? Path.of(".") : base)) {
        try (Stream<Path> walk = Files.walk(base, depth)) {
          walk.filter(matcher::matches).sorted().forEach(found::add);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + glob + ": " + e.getMessage(), e);
        }
      }
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("no file matches " + glob + " (relative to "
          + Path.of("").toAbsolutePath() + ")");
    }
    return found;
  }

  private static int indexOfWildcard(String glob) {
    for (int i = 0; i < glob.length(); i++) {
      if ("*?[{".indexOf(glob.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String readSource(String file) {
    for (String suffix : LOAD_SUFFIXES) {
      Path p = Path.of(file + suffix);
      if (Files.isRegularFile(p)) {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new UncheckedIOException("%load: cannot read " + p + ": " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException("%load: no file " + file + " (also tried .jsh, .jshell, .java) in "
        + Path.of("").toAbsolutePath());
  }
}
