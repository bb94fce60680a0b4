package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavadocLookupTest {
  @Test void readsDocCommentsFromASourcesJarBesideTheJarPickingTheOverloadByParameterNames(@TempDir Path dir)
      throws Exception {
    Path jar = Files.write(dir.resolve("demo-1.0.jar"), new byte[0]);
    try (OutputStream os = Files.newOutputStream(dir.resolve("demo-1.0-sources.jar"));
        JarOutputStream out = new JarOutputStream(os)) {
      out.putNextEntry(new JarEntry("demo/Greeter.java"));
      out.write(("package demo;\n/** Says {@code hello}. */\npublic class Greeter {\n"
          + "  /** Greets <b>one</b> person; see {@link Greeter#volume}. */\n  public String hi(String name) { return name; }\n"
          + "  /** Greets {@code times} times. */\n  public String hi(String name, int times) { return name; }\n"
          + "  /** How loud. */\n  public int volume;\n"
          + "  /** A nested one. */\n  public static class Inner { /** Inside. */ public void go() {} }\n}\n")
          .getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    JavadocLookup docs = new JavadocLookup();
    assertThat(docs.javadoc("String demo.Greeter.hi(String name)")).as("no sources registered yet").isNull();
    docs.addSourcesBeside(jar);
    assertThat(docs.javadoc("String demo.Greeter.hi(String name)")).isEqualTo("Greets one person; see Greeter#volume.");
    assertThat(docs.javadoc("String demo.Greeter.hi(String name, int times)")).isEqualTo("Greets times times.");
    assertThat(docs.javadoc("demo.Greeter")).isEqualTo("Says hello.");
    assertThat(docs.javadoc("int demo.Greeter.volume")).isEqualTo("How loud.");
    assertThat(docs.javadoc("void demo.Greeter.Inner.go()")).isEqualTo("Inside.");
    assertThat(docs.javadoc("void demo.Missing.go()")).isNull();
  }

  @Test void readsTheToolkitsOwnSourcesFromTheClasspath() {
    assertThat(new JavadocLookup().javadoc("faasrl.function.Catalog faasrl.function.Catalog.onlineShop()"))
        .startsWith("The nine vSwarm online-shop functions");
  }

  @Test void qualifiesSimpleClassNamesThroughTheSessionsImports() {
    JavadocLookup docs = new JavadocLookup();
    JavadocLookup.Imports imports = JavadocLookup.Imports.of(List.of("java.util.*", "tech.tablesaw.api.*",
        "faasrl.function.*", "faasrl.plot.*", "faasrl.plot.Chart"));
    assertThat(docs.javadoc("Catalog Catalog.onlineShop()")).as("without imports, a simple name is not found").isNull();
    assertThat(docs.javadoc("Catalog Catalog.onlineShop()", imports)).startsWith("The nine vSwarm online-shop functions");
    assertThat(docs.javadoc("Chart.Builder Chart.builder(String title)", imports)).isEqualTo("A chart builder with title.");
    assertThat(docs.javadoc("Chart.Builder Chart.Builder.line(String name, double[] x, double[] y)", imports))
        .as("a nested class's member").isEqualTo("A line through the points.");
    assertThat(docs.javadoc("Chart", JavadocLookup.Imports.of(List.of("faasrl.plot.Chart"))))
        .as("a single-type import").startsWith("A line chart as an immutable value");
    assertThat(docs.javadoc("Nope Nope.nothing()", imports)).isNull();
  }

  @Test void splitsParametersOutsideGenerics() {
    assertThat(JavadocLookup.parameterNames("Map<String, Integer> counts, String... names"))
        .containsExactly("counts", "names");
  }
}
