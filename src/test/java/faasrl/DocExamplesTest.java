package faasrl;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block in README.md and docs/*.md, and every {@code <pre>{@code ...}</pre>}
 * example in the toolkit's Javadoc, compiles against the toolkit as it is, so that an example a user
 * copies into JShell or a notebook does not name a method that was renamed. The examples are
 * compiled, not run: some train for minutes or need a Knative cluster.
 *
 * <p>An example is a JShell-style fragment: statements and declarations, imports anywhere, and a
 * bare expression as a notebook cell's value. An example with imports of its own gets JShell's
 * imports besides; one without gets every toolkit package and the JDK and library types in
 * {@link #IMPORTS}. A Javadoc example is compiled in its class's package, with the class's nested
 * types in scope. Variables an example takes from the text around it are
 * declared in an HTML comment on the line before it, which neither Markdown nor Javadoc shows:
 * {@code <!-- given: Cluster cluster; StepResult step -->}. An example that cannot compile says why
 * the same way: {@code <!-- not compiled: YAML -->}. Notebook magics ({@code %maven}, {@code %%time})
 * are dropped.
 */
class DocExamplesTest {
  static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern GIVEN = Pattern.compile("^<!--\\s*given:(.*?)-->\\s*$");
  private static final Pattern NOT_COMPILED = Pattern.compile("^<!--\\s*not compiled:(.*?)-->\\s*$");
  private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s*(//[^\\n]*|/\\*.*?\\*/))*\\s*", Pattern.DOTALL);
  /** What every example may use unimported, besides the toolkit: the JDK's and libraries' types its API takes. */
  private static final List<String> IMPORTS = List.of("java.util.*", "java.util.function.*", "java.util.regex.Pattern", "java.nio.file.*",
      "java.time.*", "java.io.*", "java.net.URI", "tech.tablesaw.api.*", "tech.tablesaw.plotly.api.*",
      "io.grpc.ManagedChannel", "io.fabric8.kubernetes.api.model.GenericKubernetesResource",
      "io.fabric8.kubernetes.client.KubernetesClient", "faasrl.invoke.proto.*");

  /** What JShell imports by itself (its DEFAULT startup). */
  private static final List<String> JSHELL_IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*",
      "java.nio.file.*", "java.util.*", "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*",
      "java.util.regex.*", "java.util.stream.*");

  /**
   * One example: where it is, the top-level class whose Javadoc holds it (null in Markdown), the
   * variables it is given, why it is not compiled (null: it is), and its code.
   */
  record Block(String file, int line, String home, String given, String skipReason, String text) {
    @Override public String toString() {
      return file + ":" + line;
    }
  }

  private static Map<Block, List<String>> errors;
  private static List<Block> blocks;

  /** README.md, then docs/*.md in name order. */
  static List<Path> markdownFiles() throws IOException {
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      return Stream.concat(Stream.of(ROOT.resolve("README.md")), docs.filter(p -> p.toString().endsWith(".md")).sorted())
          .collect(Collectors.toList());
    }
  }

  @BeforeAll static void compileEveryBlock(@TempDir Path out) throws IOException {
    blocks = new ArrayList<>();
    for (Path md : markdownFiles()) {
      blocks.addAll(markdownBlocks(ROOT.relativize(md).toString(), Files.readAllLines(md)));
    }
    Path sources = ROOT.resolve("toolkit/java");
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
        String home = sources.relativize(f).toString().replace('/', '.').replaceFirst("\\.java$", "");
        blocks.addAll(javadocBlocks(ROOT.relativize(f).toString(), home, Files.readAllLines(f)));
      }
    }
    errors = compile(blocks.stream().filter(b -> b.skipReason() == null).collect(Collectors.toList()), out);
  }

  @TestFactory Stream<DynamicTest> everyJavaBlockInTheDocsCompiles() {
    return examples(false);
  }

  @TestFactory Stream<DynamicTest> everyExampleInTheJavadocCompiles() {
    return examples(true);
  }

  private Stream<DynamicTest> examples(boolean javadoc) {
    return blocks.stream().filter(b -> b.skipReason() == null && (b.home() != null) == javadoc)
        .map(b -> DynamicTest.dynamicTest(b.toString(), () -> assertThat(errors.get(b)).as("%s", b).isEmpty()));
  }

  /**
   * Guards the check against passing vacuously: both kinds of example are found, a wrong one is
   * caught, one that does not parse does not hide another's wrong method, and one whose imports
   * leave out a class it uses fails as it would in JShell.
   */
  @Test void anExampleThatNamesAMissingMethodFails(@TempDir Path out) {
    assertThat(blocks.stream().filter(b -> b.home() == null)).hasSizeGreaterThan(25);
    assertThat(blocks.stream().filter(b -> b.home() != null)).hasSizeGreaterThan(100);
    List<Block> bad = markdownBlocks("x.md", List.of("<!-- given: Cluster cluster -->", "```java",
        "// a comment", "import faasrl.cluster.*;", "cluster.noSuchMethod();", "```"));
    List<Block> unimported = markdownBlocks("w.md", List.of("```java", "import faasrl.cluster.*;",
        "var c = Clusters.simulated();", "```"));
    List<Block> unparsed = javadocBlocks("Y.java", "faasrl.cluster.Y", List.of(" * <pre>{@code", " * int x = ;", " * }</pre>"));
    assertThat(bad).singleElement().extracting(Block::given).isEqualTo("Cluster cluster");
    Map<Block, List<String>> found = compile(List.of(bad.get(0), unparsed.get(0), unimported.get(0)), out);
    assertThat(found.get(unimported.get(0))).singleElement().asString().contains("Clusters");
    assertThat(found.get(bad.get(0))).singleElement().asString().contains("noSuchMethod").contains("x.md:2");
    assertThat(found.get(unparsed.get(0))).isNotEmpty().allMatch(e -> e.startsWith("Y.java:1"));
    List<Block> good = markdownBlocks("z.md", List.of("```java", "%%time", "var n = List.of(1, 2);", "n", "// a comment", "```"));
    assertThat(compile(good, out).get(good.get(0))).isEmpty();
  }

  /** The java blocks of one Markdown file, numbered by the line of their opening fence. */
  static List<Block> markdownBlocks(String file, List<String> lines) {
    return blocks(file, null, lines, line -> line.strip().equals("```java"), line -> line.strip().equals("```"),
        line -> line);
  }

  /** The {@code <pre>{@code ...}</pre>} examples in the Javadoc of one source file. */
  static List<Block> javadocBlocks(String file, String home, List<String> lines) {
    return blocks(file, home, lines, line -> line.contains("<pre>{@code"), line -> line.contains("}</pre>"),
        line -> line.replaceFirst("^\\s*\\* ?", "").replace("&#64;", "@"));
  }

  private static List<Block> blocks(String file, String home, List<String> lines, Predicate<String> opens,
      Predicate<String> closes, UnaryOperator<String> content) {
    List<Block> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!opens.test(lines.get(i))) {
        continue;
      }
      String before = i > 0 ? content.apply(lines.get(i - 1)).strip() : "";
      Matcher given = GIVEN.matcher(before);
      Matcher skip = NOT_COMPILED.matcher(before);
      StringBuilder text = new StringBuilder();
      int start = i;
      while (++i < lines.size() && !closes.test(lines.get(i))) {
        String line = content.apply(lines.get(i));
        text.append(line.strip().startsWith("%") ? "" : line).append('\n'); // notebook magics
      }
      found.add(new Block(file, start + 1, home, given.matches() ? given.group(1).strip() : "",
          skip.matches() ? skip.group(1).strip() : null, text.toString()));
    }
    return found;
  }

  /** Compiles the blocks in one javac run: each block's error messages, empty where it compiled. */
  static Map<Block, List<String>> compile(List<Block> blocks, Path out) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> sources = new ArrayList<>();
    Map<String, Block> byClass = new HashMap<>();
    Map<Block, List<String>> errors = new HashMap<>();
    try (JShell shell = JShell.builder().executionEngine("local").build()) {
      for (Block b : blocks) {
        String name = "DocExample" + sources.size();
        byClass.put(name, b);
        errors.put(b, new ArrayList<>());
        sources.add(source(name, javaOf(name, b, shell.sourceCodeAnalysis(), errors.get(b))));
      }
    }
    // javac checks no types once any source fails to parse: parse all first, then compile the rest
    List<JavaFileObject> parsed = new ArrayList<>(sources);
    parsed.removeAll(report(javac, sources, out, true, byClass, errors));
    report(javac, parsed, out, false, byClass, errors);
    return errors;
  }

  /** Parses or compiles {@code sources}, adding each error to its block's: the sources that had one. */
  private static List<JavaFileObject> report(JavaCompiler javac, List<JavaFileObject> sources, Path out,
      boolean parseOnly, Map<String, Block> byClass, Map<Block, List<String>> errors) {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics,
        List.of("-proc:none", "-d", out.toString(), "-classpath", classPath), null, sources);
    try {
      if (parseOnly) {
        task.parse();
      } else {
        task.call();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<JavaFileObject> failed = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        failed.add(d.getSource());
        Block b = byClass.get(d.getSource().getName().replaceAll(".*/|\\.java$", ""));
        String code = d.getLineNumber() > 0 ? sourceLine(d) : "";
        errors.get(b).add(b + ": " + d.getMessage(null) + (code.isEmpty() ? "" : "\n    in: " + code.strip()));
      }
    }
    return failed;
  }

  /**
   * The block as a class with one method: imports hoisted, statements kept, a bare expression (a
   * notebook cell's value) assigned to a variable, the given variables as parameters.
   */
  private static String javaOf(String name, Block b, SourceCodeAnalysis analysis, List<String> errors) {
    StringBuilder imports = new StringBuilder();
    if (b.home() != null) { // in the class's package, its nested types in scope, as its Javadoc reads
      imports.append("package ").append(b.home(), 0, b.home().lastIndexOf('.')).append(";\n");
      imports.append("import ").append(b.home()).append(".*;\n");
    }
    StringBuilder ownImports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    String rest = b.text();
    int values = 0;
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo c = analysis.analyzeCompletion(rest);
      String src = c.source() == null ? "" : c.source().strip();
      String code = withoutTrailingComments(src);
      switch (c.completeness()) {
        case COMPLETE -> {
          if (LEADING_COMMENTS.matcher(code).replaceFirst("").startsWith("import ")) {
            ownImports.append(code).append('\n');
          } else if (code.endsWith(";") || code.endsWith("}")) {
            body.append(src).append('\n');
          } else { // JShell takes a bare expression as a snippet of its own: a cell's value
            body.append("Object value").append(values++).append(" = ").append(code).append(";\n");
          }
        }
        case EMPTY -> { }
        default -> {
          errors.add(b + ": not a complete statement: " + rest.strip());
          return imports + "class " + name + " {}";
        }
      }
      rest = c.remaining();
    }
    // an example that imports is meant to be pasted into JShell as it is: JShell's imports only
    for (String p : ownImports.length() > 0 ? JSHELL_IMPORTS : PACKAGES) {
      imports.append("import ").append(p).append(";\n");
    }
    imports.append(ownImports);
    String params = b.given().isEmpty() ? "" : String.join(", ", b.given().split("\\s*;\\s*"));
    return imports + "class " + name + " {\n  static void example(" + params
        + ") throws Exception {\n" + body + "  }\n}\n";
  }

  /** The code without the line comments after its last statement. */
  static String withoutTrailingComments(String src) {
    List<String> lines = new ArrayList<>(List.of(src.strip().split("\n")));
    while (!lines.isEmpty()) {
      String last = codeOf(lines.get(lines.size() - 1)).strip();
      if (!last.isEmpty()) {
        lines.set(lines.size() - 1, last);
        break;
      }
      lines.remove(lines.size() - 1);
    }
    return String.join("\n", lines);
  }

  /** A line up to a {@code //} comment outside string and character literals. */
  private static String codeOf(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quote != 0) {
        if (ch == '\\') {
          i++;
        } else if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
      } else if (ch == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static final List<String> PACKAGES = packages();

  private static List<String> packages() {
    List<String> all = new ArrayList<>(IMPORTS);
    Path sources = ROOT.resolve("toolkit/java");
    try (Stream<Path> dirs = Files.walk(sources.resolve("faasrl"))) {
      dirs.filter(Files::isDirectory).sorted()
          .forEach(d -> all.add(sources.relativize(d).toString().replace('/', '.') + ".*"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  private static JavaFileObject source(String name, String code) {
    return new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }

  private static String sourceLine(Diagnostic<? extends JavaFileObject> d) {
    try {
      String[] lines = d.getSource().getCharContent(true).toString().split("\n", -1);
      long n = d.getLineNumber();
      return n >= 1 && n <= lines.length ? lines[(int) n - 1] : "";
    } catch (IOException e) {
      return "";
    }
  }
}
