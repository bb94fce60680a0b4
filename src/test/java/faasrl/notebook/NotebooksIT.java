package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import faasrl.plot.Figures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Every notebook in {@code notebooks/} executes headless under the faasrl kernel in smoke mode
 * ({@code FAASRL_SMOKE=1}), as CI runs them: {@code jupyter nbconvert --to notebook --execute}
 * fails on the first failing cell. Then a real browser (headless Chromium, network off) draws an
 * interactive figure page from the bundled plotly.js, and, with scripts off, shows every figure of
 * the executed quickstart exported to HTML as its static image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksIT {
  static final Path NOTEBOOKS = Path.of("notebooks").toAbsolutePath();
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private Jupyter jupyter;
  private Path out;
  private final Map<String, Jupyter.Result> executed = new LinkedHashMap<>();

  static List<String> notebooks() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb")).sorted().toList();
    }
  }

  @BeforeAll void executeAll(@TempDir Path tmp) throws Exception {
    jupyter = Jupyter.withKernel(tmp);
    out = Files.createDirectories(tmp.resolve("executed"));
    for (String nb : notebooks()) {
      executed.put(nb, jupyter.run(List.of(Jupyter.JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
          "--ExecutePreprocessor.kernel_name=" + KernelSpec.NAME, "--ExecutePreprocessor.timeout=600",
          "--output-dir", out.toString(), NOTEBOOKS.resolve(nb).toString()), 900, Map.of("FAASRL_SMOKE", "1")));
    }
  }

  @Test void thereAreNotebooks() throws IOException {
    // guards the parameterized test against passing on an empty or misplaced directory
    assertThat(notebooks()).contains("00-quickstart.ipynb").allMatch(n -> n.matches("\\d\\d-[a-z0-9-]+\\.ipynb"));
  }

  @ParameterizedTest @MethodSource("notebooks")
  void executesInSmokeMode(String notebook) throws IOException {
    Jupyter.Result r = executed.get(notebook);
    assertThat(r.exit()).as("nbconvert --execute %s:\n%s", notebook, r.output()).isZero();
    assertThat(Files.readString(out.resolve(notebook))).doesNotContain("\"output_type\": \"error\"");
  }

  /** Chromium, headless, network off: every host name fails to resolve and every request goes to a dead proxy. */
  private List<String> chromium(Path profile, String... more) {
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--hide-scrollbars", "--user-data-dir=" + profile, "--proxy-server=127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=15000"));
    cmd.addAll(List.of(more));
    return cmd;
  }

  /**
   * The notebook exported to HTML as nbconvert does it, with no options: Debian 12's nbconvert 6.5
   * would export an inline SVG blank (lxml's clean_html drops everything inside it), a PNG it
   * embeds as an image.
   */
  private Path exportHtml(Path notebook, Path dir) throws Exception {
    Jupyter.Result html = jupyter.run(List.of(Jupyter.JUPYTER.toString(), "nbconvert", "--to", "html", "--no-input",
        "--output-dir", dir.toString(), notebook.toString()), 300);
    assertThat(html.exit()).as("nbconvert --to html: %s", html.output()).isZero();
    return dir.resolve(notebook.getFileName().toString().replace(".ipynb", ".html"));
  }

  /** The page with every script blocked by a Content-Security-Policy, as a browser with scripts off shows it. */
  private static Path withoutScripts(Path page) throws IOException {
    String html = Files.readString(page);
    int head = html.indexOf("<head>") + "<head>".length();
    Path out = page.resolveSibling("noscript-" + page.getFileName());
    Files.writeString(out, html.substring(0, head)
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">" + html.substring(head));
    return out;
  }

  @Test void executedNotebooksHaveAStaticImageForEveryFigure() throws IOException {
    for (String nb : notebooks()) {
      JsonNode doc = new ObjectMapper().readTree(out.resolve(nb).toFile());
      for (JsonNode cell : doc.path("cells")) {
        for (JsonNode o : cell.path("outputs")) {
          JsonNode data = o.path("data");
          if (data.has(FaasrlDisplay.PLOTLY_MIME)) {
            assertThat(data.has("image/png")).as("%s: a figure without its PNG", nb).isTrue();
          }
          assertThat(data.path("text/html").toString().contains("plotly.js v")).as("%s carries plotly.js", nb).isFalse();
        }
      }
    }
  }

  @Test void theJarsVersionNamesTheSourceHashOfThisCheckout() throws Exception {
    Jupyter.Result v = jupyter.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        Jupyter.JAR.toString(), "--version"), 120);
    assertThat(v.exit()).isZero();
    assertThat(v.stdout()).contains("source=" + SourceHash.of(Path.of("").toAbsolutePath()));
  }

  @Test void anInteractiveFigurePageDrawsWithTheBundledPlotlyOffline(@TempDir Path dir, @TempDir Path profile)
      throws Exception {
    Table t = Table.create("t", IntColumn.indexColumn("step", 5, 0), DoubleColumn.create("cpu_m", 100, 130, 160, 190, 190));
    Path page = Figures.writeHtml(Figures.line("CPU", t, "step", "cpu_m", null), dir.resolve("cpu.html"));
    assertThat(CHROMIUM).as("Debian's chromium (.ci/deps)").exists();
    Jupyter.Result dom = jupyter.run(chromium(profile, "--dump-dom", page.toUri().toString()), 180);
    assertThat(dom.exit()).as("chromium: %s", dom.stderr()).isZero();
    assertThat(dom.stdout()).as("the DOM after load has Plotly's SVG").contains("main-svg").contains("plot-container plotly");
  }

  @ParameterizedTest @MethodSource("notebooks")
  void withScriptsOffEveryFigureOfAnExportedNotebookStillShowsAsAnImage(String notebook, @TempDir Path profile,
      @TempDir Path dir) throws Exception {
    // the executed notebook reduced to its figure outputs, so every line-coloured pixel is a figure's
    ObjectNode nb = (ObjectNode) new ObjectMapper().readTree(out.resolve(notebook).toFile());
    ArrayNode figureCells = new ObjectMapper().createArrayNode();
    for (JsonNode cell : nb.path("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        if (o.path("data").has(FaasrlDisplay.PLOTLY_MIME)) {
          ObjectNode c = ((ObjectNode) cell).deepCopy();
          c.putArray("outputs").add(o);
          figureCells.add(c);
        }
      }
    }
    int figures = figureCells.size();
    org.junit.jupiter.api.Assumptions.assumeTrue(figures > 0, notebook + " has no figures");
    nb.set("cells", figureCells);
    Path figuresOnly = dir.resolve("figures.ipynb");
    new ObjectMapper().writeValue(figuresOnly.toFile(), nb);
    Path page = withoutScripts(exportHtml(figuresOnly, dir));
    assertThat(Files.readString(page).contains("cdn.plot.ly/plotly")).as("page loads plotly.js from a CDN").isFalse();
    assertThat(CHROMIUM).as("Debian's chromium (.ci/deps)").exists();
    Jupyter.Result dom = jupyter.run(chromium(profile, "--dump-dom", page.toUri().toString()), 180);
    assertThat(dom.exit()).as("chromium: %s", dom.stderr()).isZero();
    assertThat(dom.stdout()).as("scripts blocked").doesNotContain("class=\"plot-container plotly\"");
    assertThat(count(dom.stdout(), "<img src=\"data:image/png;base64,"))
        .as("figure images in the DOM with scripts off").isEqualTo(figures);
    Path png = dir.resolve("page.png");
    Jupyter.Result shot = jupyter.run(chromium(profile, "--window-size=1000," + (200 + 560 * figures), "--screenshot=" + png,
        page.toUri().toString()), 180);
    assertThat(shot.exit()).as("chromium --screenshot: %s", shot.stderr()).isZero();
    BufferedImage img = ImageIO.read(png.toFile());
    long blue = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        blue += Math.abs(r - 0x1f) < 24 && Math.abs(g - 0x77) < 24 && Math.abs(b - 0xb4) < 24 ? 1 : 0;
      }
    }
    System.out.printf("no-script screenshot of %s: %d figure(s), %d pixels of the first line colour%n", notebook, figures,
        blue);
    assertThat(blue).as("pixels of the figures' line colour in the no-script screenshot").isGreaterThan(300L * figures);
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
