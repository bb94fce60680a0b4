package faasrl.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class FiguresTest {
  @Test void pagesLoadTheBundledPlotlyAndNeverACdn(@TempDir Path dir) throws Exception {
    Table t = Table.create("t", IntColumn.create("step", 0, 1, 2, 0, 1, 2),
        DoubleColumn.create("cpu_m", 100, 130, 160, 1000, 1000, 1000),
        StringColumn.create("agent", "dqn", "dqn", "dqn", "static", "static", "static"));
    Path html = Figures.writeHtml(Figures.line("CPU", t, "step", "cpu_m", "agent"), dir.resolve("cpu.html"));
    String page = Files.readString(html);
    assertThat(page).doesNotContain("cdn.plot.ly").contains("src=\"" + Figures.PLOTLY_FILE + "\"")
        .contains("Plotly.newPlot").contains("dqn").contains("static");
    Path js = dir.resolve(Figures.PLOTLY_FILE);
    assertThat(js).exists();
    assertThat(Files.size(js)).isGreaterThan(1_000_000);
    assertThat(Files.readString(js)).startsWith("/**\n* plotly.js v1.58.5");
  }
}
