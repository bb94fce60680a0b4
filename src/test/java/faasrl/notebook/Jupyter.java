package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Jupyter for the notebook tests: Debian's {@code /usr/bin/jupyter} and {@code /usr/bin/python3}
 * (not the python3 first on PATH), the kernel installed from {@code target/faasrl.jar} into a
 * temporary prefix with {@code faasrl kernel install --prefix}.
 */
final class Jupyter {
  static final Path JUPYTER = Path.of("/usr/bin/jupyter");
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path JAR = Path.of("target", "faasrl.jar").toAbsolutePath();

  final Path home;
  final Path jupyterPath;

  private Jupyter(Path home) {
    this.home = home;
    this.jupyterPath = home.resolve("prefix").resolve("share").resolve("jupyter");
  }

  /**
   * Jupyter with the faasrl kernel installed under {@code home}. Without /usr/bin/jupyter the test
   * fails when env CI is set (CI must have it: .ci/deps installs it) and is skipped otherwise.
   */
  static Jupyter withKernel(Path home) throws Exception {
    if (!Files.isExecutable(JUPYTER) || !Files.isExecutable(PYTHON)) {
      String why = JUPYTER + " is missing: install Debian's jupyter-nbconvert and jupyter-client (.ci/deps)";
      if (System.getenv("CI") != null) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    assertThat(JAR).as("the shaded jar (mvn package builds it before the integration tests)").exists();
    Jupyter j = new Jupyter(home);
    Result r = j.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString(), "kernel", "install", "--prefix", home.resolve("prefix").toString()), 120);
    assertThat(r.exit()).as("kernel install: %s", r.output()).isZero();
    assertThat(j.jupyterPath.resolve("kernels/faasrl/kernel.json")).exists();
    return j;
  }

  /** Runs the jupyter_client driver (kernel_driver.py) on a script and returns its JSON answer. */
  JsonNode drive(String scriptJson, long timeoutSeconds) throws Exception {
    Path driver = home.resolve("kernel_driver.py");
    if (!Files.exists(driver)) {
      try (InputStream in = Jupyter.class.getResourceAsStream("kernel_driver.py")) {
        Files.copy(in, driver);
      }
    }
    Path script = Files.writeString(Files.createTempFile(home, "script", ".json"), scriptJson);
    Result r = run(List.of(PYTHON.toString(), driver.toString(), KernelSpec.NAME, script.toString()), timeoutSeconds);
    assertThat(r.exit()).as("kernel driver failed: %s", r.output()).isZero();
    return new ObjectMapper().readTree(r.stdout);
  }

  /** Runs a command with this Jupyter's paths; stdout then stderr in the result. */
  Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
    return run(command, timeoutSeconds, Map.of());
  }

  Result run(List<String> command, long timeoutSeconds, Map<String, String> env)
      throws IOException, InterruptedException {
    Files.createDirectories(home.resolve("runtime"));
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
    pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
    pb.environment().put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
    pb.environment().put("JUPYTER_CONFIG_DIR", home.resolve("config").toString());
    pb.environment().put("JUPYTER_DATA_DIR", home.resolve("data").toString());
    pb.environment().putAll(env);
    Path stdout = Files.createTempFile(home, "out", ".txt");
    Path stderr = Files.createTempFile(home, "err", ".txt");
    pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      fail("timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(stderr));
    }
    return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  record Result(int exit, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }
}
