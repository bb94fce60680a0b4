package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.notebook.KernelMain;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KernelInstallCommandTest {

  @Test void writesAKernelspecUnderThePrefixWithAnAbsoluteClasspath(@TempDir Path tmp) throws Exception {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    int rc = cl.execute("kernel", "install", "--prefix", tmp.toString());
    assertThat(rc).isZero();
    Path json = tmp.resolve("share/jupyter/kernels/faasrl/kernel.json");
    assertThat(out.toString()).contains(json.getParent().toString());
    JsonNode spec = new ObjectMapper().readTree(json.toFile());
    assertThat(spec.get("display_name").asText()).isEqualTo("Java (faasrl)");
    assertThat(spec.get("interrupt_mode").asText()).isEqualTo("message");
    JsonNode argv = spec.get("argv");
    assertThat(Path.of(argv.get(0).asText())).isAbsolute().isExecutable();
    assertThat(argv.get(1).asText()).isEqualTo("-XX:+UseParallelGC");
    assertThat(argv.get(2).asText()).isEqualTo("-cp");
    for (String entry : argv.get(3).asText().split(File.pathSeparator)) {
      assertThat(Path.of(entry)).isAbsolute().exists();
    }
    assertThat(argv.get(argv.size() - 2).asText()).isEqualTo(KernelMain.class.getName());
    assertThat(argv.get(argv.size() - 1).asText()).isEqualTo("{connection_file}");
  }

  @Test void userAndPrefixExcludeEachOther(@TempDir Path tmp) {
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(new StringWriter()));
    assertThat(cl.execute("kernel", "install", "--user", "--prefix", tmp.toString())).isEqualTo(Main.BAD_INPUT);
    assertThat(Files.exists(tmp.resolve("share"))).isFalse();
  }
}
