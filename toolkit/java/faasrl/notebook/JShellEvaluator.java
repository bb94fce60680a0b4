package faasrl.notebook;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Java code in, values out: a JShell that runs in this JVM. Splits a cell into snippets, evaluates
 * them in order, and answers completion, inspection and is-complete questions from JShell's
 * source analysis.
 */
final class JShellEvaluator implements AutoCloseable {
  private final CellExecutionControl control = new CellExecutionControl();
  private final JShell shell;
  private final SourceCodeAnalysis analysis;
  private final JavadocLookup javadoc = new JavadocLookup();
  /** Where each snippet came from, by JShell snippet id (what stack frames name as file "#id"). */
  private final Map<String, Origin> origins = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile int currentCell;

  /** A JShell whose compiler and loader see {@code classpath} (entries separated by the path separator). */
  JShellEvaluator(String classpath) {
    shell = JShell.builder().executionEngine(control.provider(), Map.of()).build();
    analysis = shell.sourceCodeAnalysis();
    if (classpath != null && !classpath.isBlank()) {
      shell.addToClasspath(classpath);
      for (String entry : classpath.split(java.io.File.pathSeparator)) {
        if (!entry.isBlank()) {
          javadoc.addSourcesBeside(java.nio.file.Path.of(entry));
        }
      }
    }
  }

  /** Makes {@code path} (a jar or a class directory) visible to later snippets, and its sources jar to inspection. */
  void addToClasspath(String path) {
    shell.addToClasspath(path);
    javadoc.addSourcesBeside(java.nio.file.Path.of(path));
  }

  /** Evaluates an import; returns false (and changes nothing) if it does not compile. */
  boolean tryImport(String importStatement) {
    List<SnippetEvent> events = shell.eval(importStatement);
    boolean ok = events.stream().allMatch(e -> e.status() != Snippet.Status.REJECTED);
    if (!ok) {
      events.forEach(e -> shell.drop(e.snippet()));
    }
    return ok;
  }

  /**
   * Evaluates every snippet of {@code code} in order and returns the value of the last one if it
   * is an expression (null otherwise).
   *
   * @throws CellException on a compile error, an exception thrown by the code, or an interrupt
   */
  Object eval(String code) {
    return eval(code, 0, 0);
  }

  /**
   * As {@link #eval(String)}, for code that starts on line {@code firstLine} (0-based) of cell
   * number {@code cell}: a stack frame in a snippet can then say which line of which cell it is.
   */
  Object eval(String code, int firstLine, int cell) {
    control.clearValues();
    control.resetStopped();
    currentCell = cell;
    Object last = null;
    String rest = code;
    int line = firstLine;
    while (!rest.isBlank()) {
      CompletionInfo info = analysis.analyzeCompletion(rest);
      if (info.completeness() == Completeness.EMPTY) {
        break;
      }
      boolean complete = info.completeness().isComplete();
      int lead = rest.length() - rest.stripLeading().length();
      int startLine = line + newlines(rest, 0, lead);
      last = evalSnippet(complete ? info.source() : rest, new Origin(cell, startLine));
      String next = complete ? info.remaining() : "";
      line += newlines(rest, 0, rest.length() - next.length());
      rest = next;
    }
    return last;
  }

  private static int newlines(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Where a snippet's source came from: cell number and the cell line (0-based) it starts on. */
  record Origin(int cell, int firstLine) {}

  /**
   * A stack frame as the user wrote it: {@code at line 3 of this cell} (with the method, if in
   * one) for frames in snippets; null for frames elsewhere (library or JDK code).
   */
  String locate(StackTraceElement el) {
    String file = el.getFileName();
    if (file == null || !file.startsWith("#")) {
      return null;
    }
    Origin o = origins.get(file.substring(1));
    if (o == null) {
      return null;
    }
    int line = o.firstLine() + Math.max(1, el.getLineNumber());
    String where = o.cell() == currentCell ? "line " + line + " of this cell"
        : "line " + line + " of cell " + o.cell();
    String method = el.getMethodName();
    return method == null || method.isEmpty() || method.startsWith("do_it$") ? where
        : method + ", " + where;
  }

  private Object evalSnippet(String source, Origin origin) {
    Object value = null;
    for (SnippetEvent e : shell.eval(source)) {
      if (e.causeSnippet() == null) {
        origins.put(e.snippet().id(), origin);
      }
      if (e.causeSnippet() != null) {
        continue; // a dependent snippet was updated; not what the user asked for
      }
      if (control.wasStopped()) {
        throw new CellException("Interrupted", "the cell was interrupted", null);
      }
      JShellException thrown = e.exception();
      if (thrown != null) {
        throw CellException.thrownBy(thrown);
      }
      if (e.status() == Snippet.Status.REJECTED) {
        throw new CellException("CompilationException", compileErrors(e.snippet()), null);
      }
      if (isExpression(e.snippet())) {
        value = control.takeValue(e.value());
      }
    }
    return value;
  }

  private static boolean isExpression(Snippet s) {
    return s.kind() == Snippet.Kind.EXPRESSION
        || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
  }

  private String compileErrors(Snippet snippet) {
    String src = snippet.source();
    List<String> lines = new ArrayList<>();
    shell.diagnostics(snippet).filter(Diag::isError).forEach(d -> {
      lines.add("error: " + d.getMessage(Locale.ROOT));
      int pos = (int) Math.max(0, Math.min(src.length(), d.getStartPosition()));
      int lineStart = src.lastIndexOf('\n', pos - 1) + 1;
      int lineEnd = src.indexOf('\n', pos);
      lines.add("    " + src.substring(lineStart, lineEnd < 0 ? src.length() : lineEnd));
      lines.add("    " + " ".repeat(pos - lineStart) + "^");
    });
    return lines.isEmpty() ? "the snippet was rejected: " + src.strip() : String.join("\n", lines);
  }

  /** Stops the running snippet (from another thread). */
  void stop() {
    control.stop();
  }

  /** Completions at {@code cursor}: the replacements and the start of the text they replace. */
  Completions complete(String code, int cursor) {
    int start = snippetStart(code, cursor);
    String snippet = code.substring(start, cursor);
    int[] anchor = new int[1];
    List<SourceCodeAnalysis.Suggestion> suggestions =
        analysis.completionSuggestions(snippet, snippet.length(), anchor);
    Set<String> options = new LinkedHashSet<>();
    suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
        .forEach(s -> options.add(s.continuation()));
    suggestions.forEach(s -> options.add(s.continuation()));
    return new Completions(List.copyOf(options), start + anchor[0], cursor);
  }

  /** Signatures (and Javadoc where the JDK has it) of what is at {@code cursor}; empty if nothing. */
  String inspect(String code, int cursor) {
    int end = cursor;
    while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
      end++;
    }
    int start = snippetStart(code, Math.min(cursor, end));
    String snippet = code.substring(start, end);
    List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
    if (docs.isEmpty() && !snippet.isEmpty() && Character.isJavaIdentifierPart(snippet.charAt(snippet.length() - 1))) {
      // JShell documents methods only inside their parentheses: ask as if the call were opened
      docs = analysis.documentation(snippet + "(", snippet.length() + 1, true);
    }
    if (!docs.isEmpty()) {
      return docs.stream()
          .map(d -> {
            String doc = d.javadoc() == null || d.javadoc().isBlank() ? javadoc.javadoc(d.signature(), imports()) : d.javadoc();
            return doc == null || doc.isBlank() ? d.signature() : d.signature() + "\n" + doc;
          })
          .collect(Collectors.joining("\n\n"));
    }
    String type = analysis.analyzeType(snippet, snippet.length());
    return type == null ? "" : type;
  }

  /** The session's type imports (not static ones), to qualify the simple names in JShell's signatures. */
  private JavadocLookup.Imports imports() {
    return JavadocLookup.Imports.of(shell.imports().filter(i -> !i.isStatic()).map(i -> i.fullname()).toList());
  }

  /** {@link BaseKernel#IS_COMPLETE_YES}, {@link BaseKernel#IS_COMPLETE_BAD}, or an indent when more lines are needed. */
  String isComplete(String code) {
    String rest = code;
    while (!rest.isBlank()) {
      CompletionInfo info = analysis.analyzeCompletion(rest);
      switch (info.completeness()) {
        case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE:
          return "    ";
        case UNKNOWN:
          return BaseKernel.IS_COMPLETE_BAD;
        case EMPTY:
          return BaseKernel.IS_COMPLETE_YES;
        default:
          rest = info.remaining();
      }
    }
    return BaseKernel.IS_COMPLETE_YES;
  }

  /** Where the snippet that contains {@code cursor} starts: after the last complete snippet before it. */
  private int snippetStart(String code, int cursor) {
    int start = 0;
    while (start < cursor) {
      String rest = code.substring(start, cursor);
      CompletionInfo info = analysis.analyzeCompletion(rest);
      if (!info.completeness().isComplete() || info.remaining().isEmpty()) {
        break;
      }
      start += rest.length() - info.remaining().length();
    }
    return start;
  }

  @Override public void close() {
    shell.close();
  }

  /** Replacement texts for {@code [start, end)} of the cell. */
  record Completions(List<String> options, int start, int end) {}
}
