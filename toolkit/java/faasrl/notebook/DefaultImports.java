package faasrl.notebook;

import java.util.List;

/**
 * What every faasrl notebook can use without imports: common JDK packages, Tablesaw and its Plotly
 * API, the display statics ({@code display}, {@code updateDisplay}, {@code render}) and faasrl's
 * own packages. A faasrl package that is not in the toolkit yet is skipped, never an error.
 */
final class DefaultImports {
  private DefaultImports() {}

  /** Always present: a failure here is a broken installation. */
  static final List<String> REQUIRED = List.of(
      "import java.util.*;",
      "import java.util.function.*;",
      "import java.util.stream.*;",
      "import java.time.*;",
      "import java.io.*;",
      "import java.nio.file.*;",
      "import java.math.*;",
      "import tech.tablesaw.api.*;",
      "import tech.tablesaw.plotly.api.*;",
      "import tech.tablesaw.plotly.components.*;",
      "import tech.tablesaw.plotly.traces.*;",
      "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;");

  /** faasrl's packages, imported when present. */
  static final List<String> FAASRL = List.of(
      "faasrl", "faasrl.function", "faasrl.cluster", "faasrl.sim", "faasrl.local", "faasrl.knative", "faasrl.calibrate",
      "faasrl.invoke", "faasrl.env", "faasrl.rl", "faasrl.scaler", "faasrl.experiment", "faasrl.plot", "faasrl.notebook");
}
