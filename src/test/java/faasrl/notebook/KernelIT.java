package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.function.Catalog;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.StreamSupport;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faasrl kernel through real jupyter_client: one kernel session runs a script of cells,
 * completions, inspections and an interrupt; each test checks its part of the answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelIT {
  private final List<Map<String, Object>> steps = new ArrayList<>();
  private JsonNode answers;

  private int step(Map<String, Object> s) {
    steps.add(s);
    return steps.size() - 1;
  }

  private int execute(String code) {
    return step(Map.of("execute", code));
  }

  // indices of the steps, filled in before the session runs
  private int sum, imports, longTable, figure1, figure2, figure1Again, chart, chartAsSvg, timed, runtimeError, maven, jsoup, jsoupInspection, displays, progress, classpath, jars, load,
      unknownMagic, completion, completionAfterMagic, inspection, qualifiedInspection, nestedInspection, incomplete, complete, compileError,
      thrown, interrupted, afterInterrupt;

  @BeforeAll void runSession(@TempDir Path tmp) throws Exception {
    Jupyter jupyter = Jupyter.withKernel(tmp);
    Path classes = compile(tmp.resolve("classes"), "demo.Hello", "public String hi() { return \"hello from classpath\"; }");
    Path jarClasses = compile(tmp.resolve("jarclasses"), "demo.Greet", "public String hi() { return \"hello from jar\"; }");
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    jar(jarClasses, lib.resolve("greet.jar"));
    Path snippets = Files.writeString(tmp.resolve("snippets.jsh"), "int loaded = 41;\nloaded + 1\n");

    sum = execute("1 + 1");
    imports = execute("Catalog.onlineShop().size() + \" \" + Table.class.getName() + \" \" + Duration.ofSeconds(2)");
    longTable = execute("Table.create(\"long\", IntColumn.indexColumn(\"i\", 50, 0), "
        + "StringColumn.create(\"s\", java.util.stream.IntStream.range(0, 50).mapToObj(i -> \"<r\" + i + \">\").toArray(String[]::new)))");
    figure1 = execute("var t = Table.create(\"t\", IntColumn.indexColumn(\"x\", 5, 0), DoubleColumn.create(\"y\", 1, 4, 9, 16, 25));\n"
        + "LinePlot.create(\"squares\", t, \"x\", \"y\")");
    figure2 = execute("ScatterPlot.create(\"again\", t, \"x\", \"y\")");
    figure1Again = execute("LinePlot.create(\"squares\", t, \"x\", \"y\")");
    chart = execute("Chart.builder(\"band\").band(\"range\", new double[] {0, 1}, new double[] {0, 1}, new double[] {2, 3})\n"
        + "    .line(\"mean\", new double[] {0, 1}, new double[] {1, 2}).build()");
    chartAsSvg = execute("display(Chart.builder(\"as svg\").line(\"y\", new double[] {0, 1}, new double[] {1, 2}).build(), "
        + "\"image/svg+xml\");");
    timed = execute("%%time\nThread.sleep(300);\n1 + 2");
    runtimeError = execute("int zero = 0;\nint one = 1;\nint boom = one / zero;");
    maven = step(Map.of("execute", "%maven org.jsoup:jsoup:1.18.1", "timeout", 600));
    jsoup = execute("org.jsoup.Jsoup.parse(\"<p>hello <b>jsoup</b></p>\").text()");
    jsoupInspection = step(Map.of("inspect", "org.jsoup.Jsoup.parse", "cursor", 21));
    displays = execute("String id = display(\"first\");\nupdateDisplay(id, \"second\");");
    progress = execute("var bar = ProgressBar.start(\"work\", 3);\n"
        + "for (int i = 0; i < 3; i++) { Thread.sleep(250); bar.step(); }");
    classpath = execute("%classpath " + classes + "\nnew demo.Hello().hi()");
    jars = execute("%jars " + lib + "/*.jar\nnew demo.Greet().hi()");
    load = execute("%load " + snippets.toString().replaceAll("\\.jsh$", ""));
    unknownMagic = execute("%nosuchmagic x");
    completion = step(Map.of("complete", "Catalog.onl", "cursor", 11));
    completionAfterMagic = step(Map.of("complete", "%jars " + lib + "/*.jar\nint n = 3;\nCatalog.onl",
        "cursor", ("%jars " + lib + "/*.jar\nint n = 3;\nCatalog.onl").length()));
    inspection = step(Map.of("inspect", "Catalog.onlineShop", "cursor", 10));
    qualifiedInspection = step(Map.of("inspect", "faasrl.function.Catalog.onlineShop", "cursor", 26));
    nestedInspection = step(Map.of("inspect", "Chart.builder(\"t\").yTitle", "cursor", 25));
    incomplete = step(Map.of("is_complete", "for (int i = 0; i < 3; i++) {"));
    complete = step(Map.of("is_complete", "int k = 1;\nk + 1"));
    compileError = execute("int ok = 1;\nfoo + 1");
    thrown = execute("throw new IllegalStateException(\"boom\")");
    Map<String, Object> loop = new LinkedHashMap<>();
    loop.put("execute", "while (true) { }");
    loop.put("interrupt_after", 2);
    interrupted = step(loop);
    afterInterrupt = execute("loaded + ok");

    answers = jupyter.drive(new ObjectMapper().writeValueAsString(Map.of("steps", steps)), 300).get("steps");
  }

  private JsonNode outputs(int step, String type) {
    List<JsonNode> out = new ArrayList<>();
    answers.get(step).get("outputs").forEach(o -> {
      if (o.get("msg_type").asText().equals(type)) {
        out.add(o.get("content"));
      }
    });
    return new ObjectMapper().valueToTree(out);
  }

  private String result(int step, String mime) {
    JsonNode results = outputs(step, "execute_result");
    assertThat(results).as("execute_result of step %d: %s", step, answers.get(step)).hasSize(1);
    return results.get(0).get("data").get(mime).asText();
  }

  private JsonNode reply(int step) {
    return answers.get(step).get("reply");
  }

  @Test void evaluatesExpressionsWithDefaultImports() {
    assertThat(result(sum, "text/plain")).isEqualTo("2");
    assertThat(result(imports, "text/plain"))
        .isEqualTo(Catalog.onlineShop().size() + " tech.tablesaw.api.Table PT2S");
  }

  @Test void showsALongTableAsHtmlHeadAndTail() {
    String html = result(longTable, "text/html");
    assertThat(html).startsWith("<table").contains("long (50 rows × 2 columns)", "<td>…</td>")
        .contains("<td>0</td>", "<td>9</td>", "<td>40</td>", "<td>49</td>")
        .doesNotContain("<td>10</td>", "<td>39</td>")
        .contains("&lt;r0&gt;").doesNotContain("<r0>");
    assertThat(result(longTable, "text/plain")).contains("long");
  }

  @Test void showsFiguresAsAStaticPngNextToPlotlyJsonWithoutPlotlyJs() throws Exception {
    for (int step : List.of(figure1, figure2, figure1Again, chart)) {
      JsonNode output = outputs(step, "execute_result").get(0);
      JsonNode data = output.get("data");
      assertThat(data.has("text/html")).as("step %d carries no HTML (no plotly.js)", step).isFalse();
      assertThat(data.has("image/svg+xml")).as("step %d: no SVG, which exporters would pick over the PNG", step).isFalse();
      java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(
          new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(data.get("image/png").asText())));
      assertThat(png.getWidth()).as("step %d: drawn at twice its size", step).isEqualTo(1440);
      assertThat(output.get("metadata").get("image/png").get("width").asInt()).as("shown at its size").isEqualTo(720);
      JsonNode plotly = data.get("application/vnd.plotly.v1+json");
      assertThat(plotly.isObject()).as("Plotly JSON as an object: %s", plotly).isTrue();
      assertThat(plotly.get("data").isArray()).isTrue();
      assertThat(data.toString().length()).as("a small figure stays small").isLessThan(60_000);
    }
    assertThat(result(figure2, "image/png")).as("two figures, two pictures").isNotEqualTo(result(figure1, "image/png"));
    assertThat(result(figure1Again, "image/png")).as("re-running a figure's cell draws it again")
        .isEqualTo(result(figure1, "image/png"));
    JsonNode trace = outputs(figure1, "execute_result").get(0).get("data").get("application/vnd.plotly.v1+json")
        .get("data").get(0);
    assertThat(texts(trace.get("y"))).containsExactly("1", "4", "9", "16", "25");
    assertThat(outputs(chart, "execute_result").get(0).get("data").get("application/vnd.plotly.v1+json").get("data")
        .get(1).get("fill").asText()).as("the band").isEqualTo("tonexty");
    JsonNode svg = outputs(chartAsSvg, "display_data").get(0).get("data");
    assertThat(svg.get("image/svg+xml").asText()).as("SVG when asked for").startsWith("<svg").contains("as svg");
    assertThat(svg.has("image/png")).isFalse();
  }

  @Test void timesACellWithPercentPercentTime() {
    assertThat(result(timed, "text/plain")).isEqualTo("3");
    String out = String.join("", outputs(timed, "stream").findValuesAsText("text"));
    assertThat(out).containsPattern("Wall time: \\d+(\\.\\d+)? (ms|s)");
  }

  @Test void runtimeErrorsPointAtTheCellsLine() {
    assertThat(reply(runtimeError).get("status").asText()).isEqualTo("error");
    List<String> trace = texts(outputs(runtimeError, "error").get(0).get("traceback"));
    assertThat(trace.get(0)).isEqualTo("java.lang.ArithmeticException: / by zero");
    assertThat(String.join("\n", trace)).contains("at line 3 of this cell").doesNotContain("(#");
  }

  @Test void mavenMagicResolvesFromMavenCentralForTheNextCell() {
    assertThat(reply(maven).get("status").asText()).as("%%maven: %s", answers.get(maven)).isEqualTo("ok");
    assertThat(result(jsoup, "text/plain")).isEqualTo("hello jsoup");
    assertThat(reply(jsoupInspection).get("data").get("text/plain").asText()).as("Javadoc from jsoup's sources jar")
        .contains("Jsoup.parse(String html)").contains("Parse HTML into a Document");
  }

  @Test void displayAndUpdateDisplayShareAnId() {
    JsonNode shown = outputs(displays, "display_data");
    JsonNode updated = outputs(displays, "update_display_data");
    assertThat(shown).hasSize(1);
    assertThat(updated).hasSize(1);
    assertThat(shown.get(0).get("data").get("text/plain").asText()).isEqualTo("first");
    assertThat(updated.get(0).get("data").get("text/plain").asText()).isEqualTo("second");
    String id = shown.get(0).get("transient").get("display_id").asText();
    assertThat(id).isNotBlank();
    assertThat(updated.get(0).get("transient").get("display_id").asText()).isEqualTo(id);
  }

  @Test void progressBarUpdatesInPlace() {
    JsonNode shown = outputs(progress, "display_data");
    JsonNode updates = outputs(progress, "update_display_data");
    assertThat(shown).hasSize(1);
    assertThat(shown.get(0).get("data").get("text/html").asText()).contains("<progress", "0/3");
    assertThat(updates).isNotEmpty();
    String id = shown.get(0).get("transient").get("display_id").asText();
    updates.forEach(u -> assertThat(u.get("transient").get("display_id").asText()).isEqualTo(id));
    assertThat(updates.get(updates.size() - 1).get("data").get("text/html").asText()).contains("3/3");
    assertThat(outputs(progress, "stream")).isEmpty();
  }

  @Test void magicsAddClasspathJarsAndLoadFiles() {
    assertThat(result(classpath, "text/plain")).isEqualTo("hello from classpath");
    assertThat(result(jars, "text/plain")).isEqualTo("hello from jar");
    assertThat(result(load, "text/plain")).isEqualTo("42");
    assertThat(reply(unknownMagic).get("status").asText()).isEqualTo("error");
    assertThat(outputs(unknownMagic, "error").get(0).get("evalue").asText())
        .contains("%nosuchmagic", "%classpath", "%jars", "%maven", "%load");
  }

  @Test void completesFromJShellAnalysis() {
    JsonNode r = reply(completion);
    assertThat(r.get("status").asText()).isEqualTo("ok");
    assertThat(texts(r.get("matches"))).contains("onlineShop()");
    assertThat(r.get("cursor_start").asInt()).isEqualTo("Catalog.".length());
    assertThat(r.get("cursor_end").asInt()).isEqualTo("Catalog.onl".length());
    JsonNode afterMagic = reply(completionAfterMagic);
    assertThat(texts(afterMagic.get("matches"))).contains("onlineShop()");
    assertThat(afterMagic.get("cursor_start").asInt()).isEqualTo(afterMagic.get("cursor_end").asInt() - 3);
  }

  @Test void inspectsSignatures() {
    JsonNode r = reply(inspection);
    assertThat(r.get("found").asBoolean()).isTrue();
    assertThat(r.get("data").get("text/plain").asText()).contains("Catalog.onlineShop()")
        .as("the toolkit's Javadoc for its default-imported class, named by its simple name")
        .contains("The nine vSwarm online-shop functions");
    assertThat(reply(qualifiedInspection).get("data").get("text/plain").asText()).contains("Catalog.onlineShop()")
        .contains("The nine vSwarm online-shop functions");
    assertThat(reply(nestedInspection).get("data").get("text/plain").asText()).contains("Chart.Builder.yTitle")
        .as("a member of a nested class of the toolkit").contains("The y axis's title.");
  }

  @Test void tellsCompleteFromIncompleteCode() {
    assertThat(reply(incomplete).get("status").asText()).isEqualTo("incomplete");
    assertThat(reply(complete).get("status").asText()).isEqualTo("complete");
  }

  @Test void reportsCompileErrorsAndExceptions() {
    assertThat(reply(compileError).get("status").asText()).isEqualTo("error");
    assertThat(String.join("\n", texts(outputs(compileError, "error").get(0).get("traceback"))))
        .contains("cannot find symbol", "foo + 1");
    assertThat(reply(thrown).get("status").asText()).isEqualTo("error");
    assertThat(texts(outputs(thrown, "error").get(0).get("traceback")).get(0))
        .isEqualTo("java.lang.IllegalStateException: boom");
  }

  @Test void interruptStopsABusyLoopAndTheKernelLivesOn() {
    assertThat(reply(interrupted).get("status").asText()).isEqualTo("error");
    assertThat(reply(interrupted).get("evalue").asText()).contains("interrupted");
    // state from before the interrupt (the %load cell and the compile-error cell's first snippet)
    assertThat(result(afterInterrupt, "text/plain")).isEqualTo("42");
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static Path compile(Path out, String className, String body) throws Exception {
    String pkg = className.substring(0, className.lastIndexOf('.'));
    String simple = className.substring(className.lastIndexOf('.') + 1);
    Path src = Files.createDirectories(out.resolveSibling(out.getFileName() + "-src"))
        .resolve(simple + ".java");
    Files.writeString(src, "package " + pkg + ";\npublic class " + simple + " {\n" + body + "\n}\n");
    Files.createDirectories(out);
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString());
    assertThat(rc).isZero();
    return out;
  }

  private static void jar(Path classes, Path jarFile) throws Exception {
    try (OutputStream os = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(os);
        var files = Files.walk(classes)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        jar.write(Files.readAllBytes(p));
        jar.closeEntry();
      }
    }
  }
}
