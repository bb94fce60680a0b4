package faasrl.plot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.experiment.Report;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.LinePlot;

class FiguresTest {
  private static Table steps() {
    return Table.create("t", IntColumn.create("step", 0, 1, 2, 0, 1, 2),
        DoubleColumn.create("cpu_m", 100, 130, 160, 1000, 1000, 1000),
        StringColumn.create("agent", "dqn", "dqn", "dqn", "static", "static", "static"));
  }

  private static Document xml(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }

  @Test void pagesLoadTheBundledPlotlyAndNeverACdnAndShowTheSvgWithoutScripts(@TempDir Path dir) throws Exception {
    Path html = Figures.writeHtml(Figures.line("CPU", steps(), "step", "cpu_m", "agent"), dir.resolve("cpu.html"));
    String page = Files.readString(html);
    assertThat(page).doesNotContain("cdn.plot.ly").contains("src=\"" + Figures.PLOTLY_FILE + "\"")
        .contains("Plotly.newPlot").contains("dqn").contains("static").contains("<img src=\"cpu.svg\"");
    assertThat(dir.resolve("cpu.svg")).exists();
    Path js = dir.resolve(Figures.PLOTLY_FILE);
    assertThat(js).exists();
    assertThat(Files.size(js)).isGreaterThan(1_000_000);
    assertThat(Files.readString(js)).startsWith("/**\n* plotly.js v1.58.5");
  }

  @Test void svgIsWellFormedWithALinePerGroupRoundTicksAndALegend() throws Exception {
    String svg = Figures.line("CPU <limit>", steps(), "step", "cpu_m", "agent").svg();
    Document d = xml(svg);
    assertThat(d.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(d.getElementsByTagName("path").getLength()).isEqualTo(2);
    assertThat(svg).contains("CPU &lt;limit&gt;").contains(">dqn<").contains(">static<")
        .contains(">1000<").contains(">0<").contains(">2.0<").doesNotContain("NaN");
    assertThat(svg).as("deterministic").isEqualTo(Figures.line("CPU <limit>", steps(), "step", "cpu_m", "agent").svg());
  }

  @Test void bandsAreShadedPolygonsAndTwoPlotlyTracesFilledToTheNext() throws Exception {
    Chart c = Chart.builder("reward").xTitle("episode").yTitle("reward")
        .band("min to max", new double[] {0, 1, 2}, new double[] {-1, -0.5, 0}, new double[] {0, 0.5, 1})
        .line("mean", new double[] {0, 1, 2}, new double[] {-0.5, 0, Double.NaN}).build();
    Document d = xml(c.svg());
    assertThat(d.getElementsByTagName("polygon").getLength()).isEqualTo(1);
    JsonNode fig = new ObjectMapper().readTree(c.plotlyJson());
    assertThat(fig.get("data")).hasSize(3);
    assertThat(fig.get("data").get(1).get("fill").asText()).isEqualTo("tonexty");
    assertThat(fig.get("data").get(2).get("y").get(2).isNull()).isTrue();
    assertThat(fig.get("layout").get("title").get("text").asText()).isEqualTo("reward");
  }

  @Test void meansWithBandAveragePerGroupWithinMinAndMax() {
    Table t = Table.create("t", IntColumn.create("episode", 0, 0, 0, 1, 1), DoubleColumn.create("reward", -3, -1, 1, 2, 2));
    Chart c = Chart.meansWithBand("reward", t, "episode", "reward");
    assertThat(c.series()).hasSize(2);
    Chart.Series band = c.series().get(0);
    assertThat(band.style()).isEqualTo(Chart.Style.BAND);
    assertThat(c.series().get(1).y()).containsExactly(-1, 2);
    assertThat(band.y()[0]).isCloseTo(-1 - Math.sqrt(8.0 / 3), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(band.y()).containsExactly(band.y()[0], 2);
    assertThat(band.y2()[1]).isEqualTo(2);
  }

  @Test void groupedBarsStandSideBySidePerCategory() throws Exception {
    Chart c = Chart.builder("violations").categories(List.of("dqn", "hpa", "vpa"))
        .bars("constant", new double[] {1, 2, 3}).bars("bursty", new double[] {4, 0, 6}).build();
    String svg = c.svg();
    assertThat(xml(svg).getElementsByTagName("rect").getLength()).as("background, frame, clip, 6 bars, 2 swatches")
        .isEqualTo(3 + 6 + 2);
    assertThat(svg).contains(">dqn<", ">hpa<", ">vpa<", ">constant<", ">bursty<");
    JsonNode fig = new ObjectMapper().readTree(c.plotlyJson());
    assertThat(fig.get("data").get(1).get("type").asText()).isEqualTo("bar");
    assertThat(fig.get("data").get(1).get("x").get(2).asText()).isEqualTo("vpa");
    assertThat(fig.get("layout").get("barmode").asText()).isEqualTo("group");
  }

  @Test void tablesawLineFiguresConvertToTheSameChart() {
    Chart fromTablesaw = TablesawCharts.of(LinePlot.create("CPU", steps(), "step", "cpu_m", "agent"));
    assertThat(fromTablesaw.series()).hasSize(2);
    assertThat(fromTablesaw.series().get(0).y()).containsExactly(100, 130, 160);
    assertThat(fromTablesaw.title()).isEqualTo("CPU");
    assertThat(fromTablesaw.xTitle()).isEqualTo("step");
    Chart single = TablesawCharts.of(LinePlot.create("one", steps(), "step", "cpu_m"));
    assertThat(single.series().get(0).name()).as("an unnamed trace is named after its y axis").isEqualTo("cpu_m");
  }

  @Test void summaryMarkdownEmbedsEveryStaticFigure(@TempDir Path dir) throws Exception {
    Figures.writeHtml(Figures.line("CPU", steps(), "step", "cpu_m", "agent"), dir.resolve("figures/cpu.html"));
    Figures.writeSvg(Figures.line("CPU", steps(), "step", "cpu_m", null), dir.resolve("figures/only.svg"));
    assertThat(Report.figuresMarkdown(dir)).contains("![cpu](figures/cpu.svg)", "[interactive](figures/cpu.html)",
        "![only](figures/only.svg)").doesNotContain("only.html");
    assertThat(Report.figuresMarkdown(dir.resolve("none"))).isEmpty();
  }

  @Test void thePngIsTheSvgsPictureAtTwiceItsSize() throws Exception {
    Chart c = Chart.builder("one line").xTitle("step").yTitle("cpu_m")
        .band("range", new double[] {0, 10}, new double[] {80, 80}, new double[] {120, 120})
        .line("cpu", new double[] {0, 10}, new double[] {100, 100}).build();
    byte[] png = c.png();
    assertThat(png).as("PNG signature").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    Document svg = xml(c.svg());
    int svgHeight = Integer.parseInt(svg.getDocumentElement().getAttribute("height"));
    assertThat(img.getWidth()).isEqualTo(Chart.PNG_SCALE * c.width());
    assertThat(img.getHeight()).isEqualTo(Chart.PNG_SCALE * svgHeight);
    // where the SVG draws the line, the PNG has the line's colour; above and below it, the band's tint
    String d = ((org.w3c.dom.Element) svg.getElementsByTagName("path").item(0)).getAttribute("d");
    String[] first = d.substring(1, d.indexOf('L')).split(",");
    String[] last = d.substring(d.indexOf('L') + 1).split(",");
    int y = (int) Math.round(Double.parseDouble(first[1]) * Chart.PNG_SCALE);
    int mid = (int) Math.round((Double.parseDouble(first[0]) + Double.parseDouble(last[0])) / 2 * Chart.PNG_SCALE);
    assertThat(Integer.toHexString(img.getRGB(mid, y) & 0xffffff)).isEqualTo("1f77b4");
    int tint = img.getRGB(mid, y - 20) & 0xffffff;
    assertThat(tint).as("band above the line").isNotEqualTo(0xffffff).isNotEqualTo(0x1f77b4);
    assertThat(img.getRGB(mid, y + 20) & 0xffffff).as("band below the line").isEqualTo(tint);
    assertThat(img.getRGB(4, 4) & 0xffffff).as("white background").isEqualTo(0xffffff);
    assertThat(c.png()).as("deterministic").isEqualTo(png);
  }
}
