package faasrl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** How a command prints a table of step rows: aligned text, CSV (header line first) or JSON. */
enum RowFormat {
  table, csv, json;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Prints {@code t}. As text, one row is printed as name-value lines; several rows as a table of
   * {@code textColumns} (all columns when empty).
   */
  void print(Table t, PrintWriter out, List<String> textColumns) {
    switch (this) {
      case csv -> out.print(csv(t));
      case json -> out.println(json(t, t.rowCount() == 1));
      case table -> out.println(t.rowCount() == 1 ? keyValues(t)
          : textColumns.isEmpty() ? t.printAll() : t.selectColumns(textColumns.toArray(String[]::new)).printAll());
    }
    out.flush();
  }

  static String csv(Table t) {
    StringWriter w = new StringWriter();
    t.write().csv(w);
    return w.toString();
  }

  private static String keyValues(Table t) {
    StringBuilder b = new StringBuilder();
    for (Column<?> c : t.columns()) {
      b.append(String.format("%-18s %s%n", c.name(), c.getString(0)));
    }
    return b.toString().stripTrailing();
  }

  private static String json(Table t, boolean single) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (Column<?> c : t.columns()) {
        Object v = c.get(r);
        row.put(c.name(), v instanceof Double d && !Double.isFinite(d) ? null : v);
      }
      rows.add(row);
    }
    try {
      return JSON.writeValueAsString(single ? rows.get(0) : rows);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
