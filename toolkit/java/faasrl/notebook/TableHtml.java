package faasrl.notebook;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} as an HTML table for a notebook: every row of a short table, the first
 * and last rows of a long one with an ellipsis row between, and the shape in the caption. Decimal
 * numbers are rounded for people ({@link #human(double)}); the table itself keeps every digit.
 *
 * <!-- given: Table table -->
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
        String cell = c instanceof NumberColumn<?, ?> n && (c.type() == ColumnType.DOUBLE || c.type() == ColumnType.FLOAT)
            ? (n.isMissing(r) ? "" : human(n.getDouble(r))) : c.getString(r);
        h.append("<td>").append(escape(cell)).append("</td>");
      }
      h.append("</tr>\n");
    }
    return h.append("</tbody>\n</table>").toString();
  }

  /**
   * A decimal as people read it: whole numbers from 1000 up, four significant digits below, no
   * trailing zeros ({@code 238.0952380951975 -> 238.1}, {@code 0.997625 -> 0.9976}).
   */
  public static String human(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (Math.abs(v) >= 1000 || v == Math.rint(v)) {
      return String.format(java.util.Locale.ROOT, "%.0f", v);
    }
    String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
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
