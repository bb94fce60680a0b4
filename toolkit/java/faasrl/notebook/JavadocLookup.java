package faasrl.notebook;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Javadoc for inspection from source: JShell documents only what the JDK's own {@code src.zip}
 * covers, so the kernel reads doc comments itself from {@code -sources.jar}s next to the jars on
 * the classpath (what {@code %maven} fetches) and from the toolkit's sources bundled in its jar
 * under {@value #BUNDLED}. A member is found by its class and name, an overload by its parameter
 * names, all taken from JShell's signature. JShell names an imported class by its simple name, so
 * a simple name is qualified through the session's imports ({@link Imports}).
 *
 * <pre>{@code
 * JavadocLookup docs = new JavadocLookup();
 * docs.addSourcesBeside(Path.of("jsoup-1.18.1.jar"));
 * docs.javadoc("org.jsoup.nodes.Document org.jsoup.Jsoup.parse(String html)");  // "Parse HTML into a Document. ..."
 * docs.javadoc("Catalog Catalog.onlineShop()", Imports.of(List.of("faasrl.function.*")));  // "The nine vSwarm ..."
 * }</pre>
 */
final class JavadocLookup {
  /** Where the build puts the toolkit's own sources in its jar. */
  static final String BUNDLED = "faasrl-sources/";

  private final List<Path> sourceJars = new CopyOnWriteArrayList<>();
  private final java.util.Set<String> misses = ConcurrentHashMap.newKeySet();
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(CompilationUnitTree unit, Trees trees) {}

  /** Registers {@code X-sources.jar} if it lies next to the jar {@code jar}. */
  void addSourcesBeside(Path jar) {
    String name = jar.getFileName().toString();
    if (name.endsWith(".jar") && !name.endsWith("-sources.jar")) {
      Path sources = jar.resolveSibling(name.substring(0, name.length() - 4) + "-sources.jar");
      if (Files.isRegularFile(sources) && !sourceJars.contains(sources)) {
        sourceJars.add(sources);
        misses.clear(); // what was not found may be in the new jar
      }
    }
  }

  /**
   * A session's imports, to qualify the simple class names JShell prints: single-type imports
   * ({@code a.b.C}) and on-demand ones ({@code a.b.*}), in the order they were made.
   */
  record Imports(Map<String, String> types, List<String> packages) {
    static final Imports NONE = new Imports(Map.of(), List.of());

    /** From import names as written after {@code import}, e.g. {@code faasrl.plot.*} or {@code faasrl.plot.Chart}. */
    static Imports of(List<String> names) {
      Map<String, String> types = new java.util.LinkedHashMap<>();
      List<String> packages = new ArrayList<>();
      for (String n : names) {
        if (n.endsWith(".*")) {
          packages.add(n.substring(0, n.length() - 2));
        } else {
          types.putIfAbsent(n.substring(n.lastIndexOf('.') + 1), n);
        }
      }
      return new Imports(Map.copyOf(types), List.copyOf(packages));
    }

    /** The qualified names {@code name} (whose first part may be a simple class name) may stand for, most likely first. */
    List<String> candidates(String name) {
      int dot = name.indexOf('.');
      String first = dot < 0 ? name : name.substring(0, dot);
      if (first.isEmpty() || !Character.isUpperCase(first.charAt(0))) {
        return List.of(name); // a package name: already qualified
      }
      List<String> out = new ArrayList<>();
      out.add(name);
      if (types.containsKey(first)) {
        out.add(types.get(first) + name.substring(first.length()));
      }
      packages.forEach(p -> out.add(p + "." + name));
      out.add("java.lang." + name);
      return out;
    }
  }

  /** The doc comment of what {@code signature} (as JShell prints it) names, as plain text; null if none found. */
  String javadoc(String signature) {
    return javadoc(signature, Imports.NONE);
  }

  /**
   * As {@link #javadoc(String)}, with a simple class name at the start of the signature's name
   * qualified through {@code imports}: the first candidate with a doc comment wins.
   */
  String javadoc(String signature, Imports imports) {
    int paren = signature.indexOf('(');
    String head = (paren < 0 ? signature : signature.substring(0, paren)).strip();
    String name = head.substring(head.lastIndexOf(' ') + 1);
    List<String> params = paren < 0 ? null : parameterNames(signature.substring(paren + 1, signature.lastIndexOf(')')));
    for (String qualified : imports.candidates(name)) {
      String doc = javadocOf(qualified, params);
      if (doc != null) {
        return doc;
      }
    }
    return null;
  }

  private String javadocOf(String qualified, List<String> params) {
    String[] parts = qualified.split("\\.");
    // the longest prefix that is a source file is the top-level class; what follows are nested classes and the member
    for (int end = parts.length; end > 0; end--) {
      String file = String.join("/", java.util.Arrays.copyOf(parts, end)) + ".java";
      Parsed p = parse(file);
      if (p == null) {
        continue;
      }
      List<String> rest = List.of(parts).subList(end - 1, parts.length);
      String doc = find(p, rest, params);
      return doc == null ? null : plain(doc);
    }
    return null;
  }

  private String find(Parsed p, List<String> path, List<String> params) {
    String[] found = new String[1];
    new TreePathScanner<Void, Integer>() {
      @Override public Void visitClass(ClassTree c, Integer depth) {
        if (found[0] != null || depth >= path.size() || !c.getSimpleName().contentEquals(path.get(depth))) {
          return null;
        }
        if (depth == path.size() - 1) {
          found[0] = p.trees().getDocComment(getCurrentPath());
          return null;
        }
        String member = path.get(depth + 1);
        boolean last = depth + 1 == path.size() - 1;
        for (Tree t : c.getMembers()) {
          TreePath tp = new TreePath(getCurrentPath(), t);
          if (last && t instanceof MethodTree m && (m.getName().contentEquals(member)
              || (m.getName().contentEquals("<init>") && member.equals(c.getSimpleName().toString())))
              && (params == null || params.equals(m.getParameters().stream().map(v -> v.getName().toString()).toList()))) {
            found[0] = p.trees().getDocComment(tp);
            return null;
          }
          if (last && t instanceof VariableTree v && params == null && v.getName().contentEquals(member)) {
            found[0] = p.trees().getDocComment(tp);
            return null;
          }
        }
        // scan(TreePath, ...) clears the current path when it returns: keep this class's own
        TreePath here = getCurrentPath();
        for (Tree t : c.getMembers()) {
          if (t instanceof ClassTree) {
            scan(new TreePath(here, t), depth + 1);
          }
        }
        return null;
      }
    }.scan(p.unit(), 0);
    return found[0];
  }

  private Parsed parse(String file) {
    if (misses.contains(file)) {
      return null;
    }
    Parsed p = parsed.get(file);
    if (p != null) {
      return p;
    }
    String source = read(file);
    if (source == null) {
      misses.add(file);
      return null;
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaFileObject fo = new SimpleJavaFileObject(URI.create("string:///" + file), JavaFileObject.Kind.SOURCE) {
      @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    try {
      JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(fo));
      CompilationUnitTree unit = task.parse().iterator().next();
      p = new Parsed(unit, Trees.instance(task));
      parsed.put(file, p);
      return p;
    } catch (IOException | RuntimeException e) {
      misses.add(file);
      return null;
    }
  }

  private String read(String file) {
    try (InputStream in = JavadocLookup.class.getClassLoader().getResourceAsStream(BUNDLED + file)) {
      if (in != null) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException ignored) {
      // try the sources jars
    }
    for (Path jar : sourceJars) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        var entry = zip.getEntry(file);
        if (entry != null) {
          try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        }
      } catch (IOException ignored) {
        // an unreadable jar documents nothing
      }
    }
    return null;
  }

  /** Parameter names from "String html, Map<String, Integer> m": the last word of each top-level part. */
  static List<String> parameterNames(String params) {
    List<String> names = new ArrayList<>();
    int depth = 0;
    StringBuilder cur = new StringBuilder();
    for (char ch : (params + ",").toCharArray()) {
      if (ch == '<') {
        depth++;
      } else if (ch == '>') {
        depth--;
      }
      if (ch == ',' && depth == 0) {
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
          names.add(s.substring(s.lastIndexOf(' ') + 1));
        }
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    return names;
  }

  /** A doc comment as text: inline tags unwrapped, HTML tags dropped, block tags on their own lines. */
  static String plain(String doc) {
    String s = doc.replaceAll("\\{@(?:code|literal) ([^}]*)}", "$1")
        .replaceAll("\\{@(?:link|linkplain) ([^}\\s]*)(?: ([^}]*))?}", "$1")
        .replaceAll("</?(?:p|pre|ul|ol|li|b|i|em|strong|code|tt|br|blockquote)\\s*/?>", "")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    StringBuilder out = new StringBuilder();
    for (String line : s.split("\n")) {
      out.append(line.strip()).append('\n');
    }
    return out.toString().replaceAll("\n{3,}", "\n\n").strip();
  }
}
