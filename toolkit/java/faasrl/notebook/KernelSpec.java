package faasrl.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import faasrl.rl.BlasKernels;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Jupyter kernelspec "Java (faasrl)": a {@code kernel.json} whose argv runs this JVM's
 * {@code java} with the toolkit on the classpath, so {@code import faasrl.*} works without magics.
 *
 * <pre>{@code
 * Path dir = KernelSpec.forCurrentJvm().install(KernelSpec.userKernelsDir());
 * // ~/.local/share/jupyter/kernels/faasrl/kernel.json
 * }</pre>
 */
public final class KernelSpec {
  /** The kernel's directory name, what {@code jupyter nbconvert --ExecutePreprocessor.kernel_name} takes. */
  public static final String NAME = "faasrl";
  public static final String DISPLAY_NAME = "Java (faasrl)";

  private final Path java;
  private final List<Path> classpath;

  /** A spec for {@code java} and these classpath entries (each must exist; made absolute). */
  public KernelSpec(Path java, List<Path> classpath) {
    if (!Files.isExecutable(java)) {
      throw new IllegalArgumentException("java executable not found: " + java);
    }
    if (classpath.isEmpty()) {
      throw new IllegalArgumentException("kernel classpath is empty");
    }
    List<Path> abs = new ArrayList<>();
    for (Path p : classpath) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("kernel classpath entry does not exist: " + p.toAbsolutePath());
      }
      abs.add(p.toAbsolutePath().normalize());
    }
    this.java = java.toAbsolutePath();
    this.classpath = List.copyOf(abs);
  }

  /** This JVM's java and classpath (from {@code java -jar target/faasrl.jar}: that jar). */
  public static KernelSpec forCurrentJvm() {
    List<Path> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isBlank()) {
        cp.add(Path.of(e));
      }
    }
    return new KernelSpec(Path.of(System.getProperty("java.home"), "bin", "java"), cp);
  }

  /** Jupyter's per-user kernels directory ({@code $JUPYTER_DATA_DIR}, XDG, or ~/.local/share/jupyter). */
  public static Path userKernelsDir() {
    String dataDir = System.getenv("JUPYTER_DATA_DIR");
    if (dataDir != null && !dataDir.isBlank()) {
      return Path.of(dataDir, "kernels");
    }
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("jupyter").resolve("kernels");
  }

  /** The kernels directory under an installation prefix: {@code PREFIX/share/jupyter/kernels}. */
  public static Path prefixKernelsDir(Path prefix) {
    return prefix.resolve("share").resolve("jupyter").resolve("kernels");
  }

  /** The classpath the kernel will run with, absolute. */
  public List<Path> classpath() {
    return classpath;
  }

  /** The kernel.json content. */
  public Map<String, Object> json() {
    Map<String, Object> spec = new LinkedHashMap<>();
    // the parallel collector, as the launcher's: DL4J's native buffers make G1 slow (docs/performance.md)
    spec.put("argv", List.of(java.toString(), "-XX:+UseParallelGC", "-cp",
        classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", KernelMain.class.getName(), "{connection_file}"));
    spec.put("display_name", DISPLAY_NAME);
    spec.put("language", "java");
    spec.put("interrupt_mode", "message");
    // DL4J/ND4J: one BLAS thread trains about 2x faster on small machines; pinned kernels reproduce across CPUs
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OMP_NUM_THREADS", "1");
    String coreType = System.getenv(BlasKernels.VARIABLE);
    (coreType == null || coreType.isBlank() ? BlasKernels.pinnable() : Optional.of(coreType))
        .ifPresent(t -> env.put(BlasKernels.VARIABLE, t));
    spec.put("env", env);
    return spec;
  }

  /** Writes {@code kernelsDir/faasrl/kernel.json} (replacing an older one) and returns its directory. */
  public Path install(Path kernelsDir) {
    Path dir = kernelsDir.resolve(NAME);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "kernel", ".json");
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json());
      Files.move(tmp, dir.resolve("kernel.json"), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kernelspec in " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }
}
