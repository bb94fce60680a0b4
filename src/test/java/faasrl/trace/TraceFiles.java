package faasrl.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Small trace files in the Azure Functions 2019 format, written by tests: one function per call of
 * {@link #function}, its calls per minute given by a function of the minute (from 1).
 */
public final class TraceFiles {
  public static final String DURATIONS_HEADER = "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,"
      + "percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,"
      + "percentile_Average_75,percentile_Average_99,percentile_Average_100";

  private final int minutes;
  private final List<String> invocations = new ArrayList<>();
  private final List<String> durations = new ArrayList<>();

  public TraceFiles(int minutes) {
    this.minutes = minutes;
    StringBuilder h = new StringBuilder("HashOwner,HashApp,HashFunction,Trigger");
    for (int m = 1; m <= minutes; m++) {
      h.append(',').append(m);
    }
    invocations.add(h.toString());
    durations.add(DURATIONS_HEADER);
  }

  /** Adds a function whose calls in minute m (from 1) are {@code calls(m)}, with a median of {@code p50Ms}. */
  public TraceFiles function(String owner, String app, String hash, IntUnaryOperator calls, double p50Ms) {
    StringBuilder b = new StringBuilder(owner + "," + app + "," + hash + ",http");
    for (int m = 1; m <= minutes; m++) {
      b.append(',').append(calls.applyAsInt(m));
    }
    invocations.add(b.toString());
    double[] p = {p50Ms * 0.5, p50Ms * 0.6, p50Ms * 0.8, p50Ms, p50Ms * 1.2, p50Ms * 2, p50Ms * 3};
    durations.add(owner + "," + app + "," + hash + "," + p50Ms + ",100," + p[0] + "," + p[6] + "," + p[0] + ","
        + p[1] + "," + p[2] + "," + p[3] + "," + p[4] + "," + p[5] + "," + p[6]);
    return this;
  }

  public Path writeInvocations(Path dir) {
    return write(dir.resolve("invocations.csv"), invocations);
  }

  public Path writeDurations(Path dir) {
    return write(dir.resolve("durations.csv"), durations);
  }

  public static Path write(Path file, List<String> lines) {
    try {
      Files.writeString(file, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
