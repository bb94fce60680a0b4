package faasrl.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Finds the system binaries the real-part tests start: missing ones fail under CI, skip elsewhere. */
public final class Binaries {
  private Binaries() {}

  /** The first existing path of {@code candidates}; fails (CI set) or skips the test when none exists. */
  public static Path require(String what, String... candidates) {
    for (String c : candidates) {
      if (Files.isExecutable(Path.of(c))) {
        return Path.of(c);
      }
    }
    String msg = what + " not found at " + List.of(candidates) + ": run .ci/deps (Debian packages)";
    if (System.getenv("CI") != null) {
      Assertions.fail(msg);
    }
    Assumptions.abort(msg);
    throw new AssertionError("unreachable");
  }

  /** A free TCP port on 127.0.0.1 (free when asked; tests start their server right after). */
  public static int freePort() {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Waits until something listens on 127.0.0.1:{@code port}, or fails naming {@code what}. */
  public static void awaitPort(int port, Process p, String what, Path logFile) throws Exception {
    long end = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        Assertions.fail(what + " exited with " + p.exitValue() + ": " + tail(logFile));
      }
      try (var s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(50);
      }
    }
    Assertions.fail(what + " did not listen on 127.0.0.1:" + port + " within 20 s: " + tail(logFile));
  }

  private static String tail(Path f) throws java.io.IOException {
    if (f == null || !Files.exists(f)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(f);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  /** Stops a process we started, waiting for it. */
  public static void stop(Process p) throws InterruptedException {
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }
}
