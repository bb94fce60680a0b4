package faasrl.notebook;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} as an HTML table for a notebook: every row of a short table, the first
 * and last rows of a long one with an ellipsis row between, and the shape in the caption.
 *
 * <pre>{@code
 * String html = TableHtml.render(table, 10);   // up to 10 head and 10 tail rows
 * }</pre>
 */
public final class TableHtml {
  /** Rows shown at each end of a long table. */
  public static final int DEFAULT_EDGE_ROWS = 10;

  private TableHtml() {}

  /** {@link #render(Table, int)} with {@link #DEFAULT_EDGE_ROWS}. */
  public static String render(Table table) {
    return render(table, DEFAULT_EDGE_ROWS);
  }

  /**
   * The table as HTML; a table of more than {@code 2 * edgeRows} rows shows its first and last
   * {@code edgeRows} rows only.
   */
  public static String render(Table table, int edgeRows) {
    if (edgeRows < 1) {
      throw new IllegalArgumentException("edgeRows must be >= 1, was " + edgeRows);
    }
    int rows = table.rowCount();
    boolean cut = rows > 2 * edgeRows;
    StringBuilder h = new StringBuilder("<table class=\"faasrl-table\">\n<caption>")
        .append(escape(table.name() == null ? "" : table.name()))
        .append(" (").append(rows).append(rows == 1 ? " row" : " rows").append(" × ")
        .append(table.columnCount()).append(table.columnCount() == 1 ? " column)" : " columns)")
        .append("</caption>\n<thead><tr>");
    for (Column<?> c : table.columns()) {
      h.append("<th>").append(escape(c.name())).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (int r = 0; r < rows; r++) {
      if (cut && r == edgeRows) {
        h.append("<tr>");
        for (int c = 0; c < table.columnCount(); c++) {
          h.append("<td>…</td>");
        }
        h.append("</tr>\n");
        r = rows - edgeRows;
      }
      h.append("<tr>");
      for (Column<?> c : table.columns()) {
        h.append("<td>").append(escape(c.getString(r))).append("</td>");
      }
      h.append("</tr>\n");
    }
    return h.append("</tbody>\n</table>").toString();
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
