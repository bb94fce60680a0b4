package faasrl.invoke;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nghttp2's {@code h2load} as a reference peer: the same SayHello request (a 13-byte gRPC frame),
 * at the same constant rate, against the same server. Its latency counts from when a request left,
 * not from when it was due, so its p50 is not free of coordinated omission; its failures are HTTP
 * and connection failures only (a gRPC error status rides on HTTP 200).
 *
 * <pre>{@code
 * Optional<H2load> h2 = H2load.onPath();
 * if (h2.isPresent()) {
 *   H2load.Row row = h2.get().run(Endpoint.parse("127.0.0.1:50051"), 5_000, 3);
 * }
 * }</pre>
 */
public final class H2load {
  /** gRPC frame of {@code HelloRequest{name: "faasrl"}}: flag, 4-byte length, protobuf. */
  private static final byte[] HELLO = {0, 0, 0, 0, 8, 0x0a, 6, 'f', 'a', 'a', 's', 'r', 'l'};
  private static final Pattern FINISHED = Pattern.compile("finished in ([\\d.]+)(us|ms|s), ([\\d.]+) req/s");
  private static final Pattern REQUESTS = Pattern.compile(
      "requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored, "
          + "(\\d+) timeout");

  private final Path executable;
  private final List<String> prefix;

  private H2load(Path executable, List<String> prefix) {
    this.executable = executable;
    this.prefix = List.copyOf(prefix);
  }

  /** This h2load started behind {@code prefix}, e.g. {@link LoopCore#loopPrefix()}: on the invoker loop's core. */
  public H2load prefixed(List<String> prefix) {
    return new H2load(executable, prefix);
  }

  /** The {@code h2load} found on {@code PATH}, if any. */
  public static Optional<H2load> onPath() {
    String path = System.getenv("PATH");
    return path == null ? Optional.empty() : Arrays.stream(path.split(File.pathSeparator))
        .map(d -> Path.of(d, "h2load")).filter(Files::isExecutable).findFirst().map(e -> new H2load(e, List.of()));
  }

  /** h2load's figures at one rate. Immutable. */
  public record Row(double askedRps, double achievedRps, long failed, double p50Micros) {
    @Override public String toString() {
      return String.format(Locale.ROOT, "h2load rps=%.0f achieved=%.1f failed=%d p50_us=%.0f", askedRps,
          achievedRps, failed, p50Micros);
    }
  }

  /**
   * Sends {@code rps * seconds} requests at {@code rps} over {@link Invoker#connectionsFor} connections
   * (as the invoker would) and returns h2load's row.
   */
  public Row run(Endpoint endpoint, double rps, double seconds) {
    if (!(rps > 0) || !(seconds > 0)) {
      throw new IllegalArgumentException("h2load needs rps > 0 and seconds > 0, was " + rps + " and " + seconds);
    }
    int connections = Invoker.connectionsFor(rps);
    long requests = Math.max(1, Math.round(rps * seconds));
    Path body = null, log = null;
    try {
      body = Files.createTempFile("faasrl-h2load", ".bin");
      log = Files.createTempFile("faasrl-h2load", ".log");
      Files.write(body, HELLO);
      List<String> cmd = new ArrayList<>(prefix);
      cmd.addAll(List.of(executable.toString(), "-n", Long.toString(requests),
          "-c", Integer.toString(connections), "-m", "100",
          "--rps", String.format(Locale.ROOT, "%.3f", rps / connections),
          "-H", "content-type: application/grpc", "-H", "te: trailers", "-d", body.toString(),
          "--log-file", log.toString(), "http://" + endpoint.target() + "/helloworld.Greeter/SayHello"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor((long) seconds + 60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("h2load did not finish within " + ((long) seconds + 60) + " s");
      }
      return parse(new String(out, StandardCharsets.UTF_8), rps, Files.readAllLines(log));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run h2load: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while h2load ran", e);
    } finally {
      deleteQuietly(body);
      deleteQuietly(log);
    }
  }

  /**
   * Reads h2load's summary ({@code finished in ...}, {@code requests: ...}) and its per-request
   * log (start, status, microseconds; tab-separated): p50 over the requests that got HTTP 200.
   */
  static Row parse(String output, double askedRps, List<String> logLines) {
    Matcher f = FINISHED.matcher(output);
    Matcher r = REQUESTS.matcher(output);
    if (!f.find() || !r.find()) {
      throw new IllegalStateException("h2load printed no summary; its output began: "
          + output.substring(0, Math.min(300, output.length())));
    }
    // h2load's "failed" already includes its "errored" and "timeout"
    long failed = Long.parseLong(r.group(5));
    List<Long> ok = new ArrayList<>();
    for (String line : logLines) {
      String[] cols = line.trim().split("\t");
      if (cols.length == 3 && cols[1].equals("200")) {
        ok.add(Long.parseLong(cols[2]));
      }
    }
    ok.sort(null);
    double p50 = ok.isEmpty() ? Double.NaN : ok.get((int) Math.ceil(ok.size() * 0.5) - 1);
    return new Row(askedRps, Double.parseDouble(f.group(3)), failed, p50);
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a temporary file left behind harms nothing
      }
    }
  }
}
