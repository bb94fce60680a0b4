package faasrl.notebook;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.EvalException;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * faasrl's Jupyter kernel: Java cells evaluated by JShell in the kernel's JVM, with the toolkit on
 * the classpath, default imports, IJava-compatible line magics, completion, inspection, interrupt,
 * and rich display of Tablesaw tables and Plotly figures.
 *
 * <p>Started by Jupyter through the kernelspec that {@code faasrl kernel install} writes; see
 * {@link KernelMain}.
 */
public final class JShellKernel extends BaseKernel implements AutoCloseable {
  private final JShellEvaluator evaluator;
  private final LineMagics magics;
  /** Cells evaluated so far (also %load's nested ones): numbers the cells in error locations. */
  private final java.util.concurrent.atomic.AtomicInteger cells = new java.util.concurrent.atomic.AtomicInteger();

  private JShellKernel(JShellEvaluator evaluator, String version) {
    super("faasrl", version,
        new LanguageInfo("java", Runtime.version().toString(), "text/x-java-source", ".jshell", "java",
            "java", null),
        List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
        null, new MagicsRegistry(), false, new StringStyler("", "", "", line -> ""));
    this.evaluator = evaluator;
    this.magics = new LineMagics(evaluator, this::evalRaw);
  }

  /** A kernel whose snippets see {@code classpath}, with the default imports and displays in place. */
  public static JShellKernel create(String classpath) {
    String v = JShellKernel.class.getPackage().getImplementationVersion();
    JShellKernel kernel = new JShellKernel(new JShellEvaluator(classpath), v == null ? "dev" : v);
    for (String imp : DefaultImports.REQUIRED) {
      if (!kernel.evaluator.tryImport(imp)) {
        throw new IllegalStateException("kernel classpath is incomplete: `" + imp + "` does not compile");
      }
    }
    ClassLoader loader = JShellKernel.class.getClassLoader();
    for (String pkg : DefaultImports.FAASRL) {
      // a package not in this jar is skipped without a compile; one that is there must compile
      if (loader.getResource(pkg.replace('.', '/') + "/") != null) {
        kernel.evaluator.tryImport("import " + pkg + ".*;");
      }
    }
    kernel.installExtension(new FaasrlDisplay());
    return kernel;
  }

  @Override public Object evalRaw(String cell) {
    int number = cells.incrementAndGet();
    return CellMagic.run(cell, code -> {
      Object last = null;
      for (CellParts.Part part : CellParts.of(code).parts()) {
        last = part instanceof CellParts.Magic m ? magics.run(m)
            : evaluator.eval(((CellParts.Code) part).source(), ((CellParts.Code) part).firstLine(), number);
      }
      return last;
    });
  }

  @Override public DisplayData inspect(String code, int at, boolean extraDetail) {
    String doc = evaluator.inspect(CellParts.codeOnly(code), at);
    return doc.isEmpty() ? null : new DisplayData(doc);
  }

  @Override public ReplacementOptions complete(String code, int at) {
    JShellEvaluator.Completions c = evaluator.complete(CellParts.codeOnly(code), at);
    return new ReplacementOptions(c.options(), c.start(), c.end());
  }

  @Override public String isComplete(String code) {
    return evaluator.isComplete(CellParts.codeOnly(code));
  }

  @Override public void interrupt() {
    evaluator.stop();
  }

  /** Compile errors as the compiler said them; exceptions with the user's part of the stack. */
  @Override public List<String> formatError(Throwable e) {
    List<String> lines = new ArrayList<>();
    if (e instanceof CellException ce) {
      lines.add(ce.name() + ": " + ce.getMessage());
      if (ce.getCause() instanceof EvalException ev) {
        for (StackTraceElement el : ev.getStackTrace()) {
          if (el.getClassName().startsWith("jdk.internal.reflect") || el.getClassName().startsWith("java.lang.reflect")) {
            break; // below here is the kernel calling the snippet
          }
          String mine = evaluator.locate(el);
          lines.add("    at " + (mine != null ? mine : el));
        }
        for (Throwable c = ev.getCause(); c != null; c = c.getCause()) {
          String name = c instanceof EvalException inner ? inner.getExceptionClassName() : c.getClass().getName();
          lines.add("Caused by: " + name + ": " + c.getMessage());
        }
      }
      return lines;
    }
    if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
      return List.of(e.getMessage()); // bad magic input: the message says it all
    }
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return List.of(trace.toString().split("\n"));
  }

  @Override public void onShutdown(boolean restarting) {
    super.onShutdown(restarting);
    close();
  }

  @Override public void close() {
    evaluator.close();
  }
}
