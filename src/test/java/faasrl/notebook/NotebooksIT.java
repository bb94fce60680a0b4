package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every notebook in {@code notebooks/} executes headless under the faasrl kernel in smoke mode
 * ({@code FAASRL_SMOKE=1}), as CI runs them: {@code jupyter nbconvert --to notebook --execute}
 * fails on the first failing cell. Then a real browser (headless Chromium, network off) opens the
 * executed quickstart exported to HTML and must draw its Plotly figure from the bundled plotly.js.
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

  @Test void quickstartFigureRendersInAHeadlessBrowserOffline(@TempDir Path profile) throws Exception {
    Path executedQuickstart = out.resolve("00-quickstart.ipynb");
    assertThat(executedQuickstart).as("the quickstart executed").exists();
    Jupyter.Result html = jupyter.run(List.of(Jupyter.JUPYTER.toString(), "nbconvert", "--to", "html",
        "--output-dir", out.toString(), executedQuickstart.toString()), 300);
    assertThat(html.exit()).as("nbconvert --to html: %s", html.output()).isZero();
    Path page = out.resolve("00-quickstart.html");
    assertThat(Files.readString(page).contains("cdn.plot.ly/plotly")).as("page loads plotly.js from a CDN").isFalse();
    assertThat(CHROMIUM).as("Debian's chromium (.ci/deps)").exists();
    // network off: every host name fails to resolve and every request goes to a dead proxy
    Jupyter.Result dom = jupyter.run(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=15000", "--dump-dom", page.toUri().toString()), 180);
    assertThat(dom.exit()).as("chromium: %s", dom.stderr()).isZero();
    assertThat(dom.stdout()).as("the DOM after load has Plotly's SVG").contains("main-svg").contains("class=\"plot-container plotly\"");
  }
}
