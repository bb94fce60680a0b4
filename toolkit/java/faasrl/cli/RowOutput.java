package faasrl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import tech.tablesaw.api.Table;

/** Prints result rows as a text table or CSV. */
final class RowOutput {
  private RowOutput() {}

  static void checkFormat(String format) {
    if (!format.equals("table") && !format.equals("csv")) {
      throw new IllegalArgumentException("--format must be table or csv, was '" + format + "'");
    }
  }

  static void print(Table t, String format, PrintWriter out) {
    if (format.equals("csv")) {
      StringWriter w = new StringWriter();
      t.write().csv(w);
      out.print(w);
    } else {
      out.println(t.printAll());
    }
    out.flush();
  }
}
