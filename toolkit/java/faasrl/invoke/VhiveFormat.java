package faasrl.invoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The vHive invoker's output formats, so that results compare with the original tools: a latency
 * file (microseconds, one per line) and two summary lines.
 *
 * <!-- given: StepResult step -->
 * <pre>{@code
 * VhiveFormat.writeLatencies(step.only().latenciesMicros(), Path.of("rps2000_lat.csv"));
 * }</pre>
 */
public final class VhiveFormat {
  private VhiveFormat() {}

  /** {@code Issued / completed requests: I, C} and {@code Real / target RPS: R / T}. */
  public static String summary(long issued, long completed, double realRps, double targetRps) {
    String target = targetRps == Math.rint(targetRps) ? Long.toString((long) targetRps)
        : String.format(Locale.ROOT, "%.2f", targetRps);
    return String.format(Locale.ROOT, "Issued / completed requests: %d, %d%nReal / target RPS: %.2f / %s",
        issued, completed, realRps, target);
  }

  /** Writes latencies in microseconds, one per line. */
  public static void writeLatencies(long[] micros, Path file) {
    try (Writer w = Files.newBufferedWriter(file)) {
      for (long v : micros) {
        w.write(Long.toString(v));
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write latency file " + file + ": " + e.getMessage(), e);
    }
  }
}
