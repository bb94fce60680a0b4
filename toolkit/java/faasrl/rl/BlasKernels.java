package faasrl.rl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which OpenBLAS kernels the DQNs run on. OpenBLAS picks its matrix kernels by CPU, and its AVX-512
 * kernels round differently from its AVX2 ones: the same seed trained the same agent to different
 * tables on the two CPU families. Pinning the AVX2 (Haswell) kernels, which every x86-64 CPU with
 * AVX2 and FMA runs, makes results reproduce across machines. OpenBLAS reads the choice from the
 * environment when it loads, so the launcher ({@code ./faasrl}) and the Jupyter kernel set it.
 *
 * <!-- given: Map<String, String> env -->
 * <pre>{@code
 * BlasKernels.pinnable().ifPresent(t -> env.put(BlasKernels.VARIABLE, t));   // for a child process
 * System.out.println(BlasKernels.inEffect());                                // "Haswell" or "autodetected"
 * }</pre>
 */
public final class BlasKernels {
  /** The environment variable OpenBLAS reads. */
  public static final String VARIABLE = "OPENBLAS_CORETYPE";
  /** The kernels pinned where the CPU runs them. */
  public static final String PINNED = "Haswell";

  private static final Pattern FLAGS = Pattern.compile("(?m)^flags\\s*:(.*)$");

  private BlasKernels() {}

  /** {@link #PINNED} if this machine's CPU has AVX2 and FMA (from {@code /proc/cpuinfo}), else empty. */
  public static Optional<String> pinnable() {
    try {
      return hasAvx2AndFma(Files.readString(Path.of("/proc/cpuinfo"))) ? Optional.of(PINNED) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();   // not Linux, or unreadable: leave OpenBLAS to choose
    }
  }

  /** The kernels this process's OpenBLAS uses: the variable's value, or {@code autodetected}. */
  public static String inEffect() {
    String v = System.getenv(VARIABLE);
    return v == null || v.isBlank() ? "autodetected" : v;
  }

  static boolean hasAvx2AndFma(String cpuinfo) {
    var m = FLAGS.matcher(cpuinfo);
    if (!m.find()) {
      return false;
    }
    String flags = " " + m.group(1).trim() + " ";
    return flags.contains(" avx2 ") && flags.contains(" fma ");
  }
}
