package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {

  private static Table rows(int n) {
    return Table.create("t", IntColumn.indexColumn("i", n, 0));
  }

  private static int count(String s, String part) {
    return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test void shortTableShowsEveryRow() {
    String html = TableHtml.render(rows(6), 3);
    assertThat(count(html, "<tr>")).isEqualTo(1 + 6);
    assertThat(html).contains("t (6 rows × 1 column)").doesNotContain("…");
  }

  @Test void longTableShowsHeadAndTailAroundAnEllipsisRow() {
    String html = TableHtml.render(rows(100), 4);
    assertThat(count(html, "<tr>")).isEqualTo(1 + 4 + 1 + 4);
    assertThat(html).contains("<td>0</td>", "<td>3</td>", "<td>…</td>", "<td>96</td>", "<td>99</td>")
        .doesNotContain("<td>4</td>", "<td>95</td>").contains("100 rows");
  }

  @Test void escapesCellsAndNames() {
    Table t = Table.create("a<b", StringColumn.create("x&y", "<script>alert(1)</script>"));
    assertThat(TableHtml.render(t)).contains("a&lt;b", "x&amp;y", "&lt;script&gt;").doesNotContain("<script>");
  }

  @Test void roundsDecimalsForPeople() {
    Table t = Table.create("r", tech.tablesaw.api.DoubleColumn.create("v", 238.0952380951975, 0.997625, 4333570.4, -2.5119999999999996, 3.0));
    assertThat(TableHtml.render(t)).contains("<td>238.1</td>", "<td>0.9976</td>", "<td>4333570</td>", "<td>-2.512</td>",
        "<td>3</td>");
  }

  @Test void rejectsNoEdgeRows() {
    assertThatThrownBy(() -> TableHtml.render(rows(3), 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("edgeRows");
  }
}
