package faasrl.knative;

import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.testing.Binaries;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;

/**
 * A real node_exporter and Prometheus (Debian's) on 127.0.0.1 at free ports, Prometheus scraping the
 * exporter every second, as {@code faasrl setup} configures each worker. Close to stop both.
 */
final class TestPrometheus implements AutoCloseable {
  final URI uri;
  private final Process exporter;
  private final Process prometheus;

  TestPrometheus(Path dir) throws Exception {
    Path exporterBin = Binaries.require("node_exporter (prometheus-node-exporter)",
        "/usr/bin/prometheus-node-exporter");
    Path prometheusBin = Binaries.require("prometheus", "/usr/bin/prometheus");
    Files.createDirectories(dir);
    int exporterPort = Binaries.freePort();
    Path exporterLog = dir.resolve("node_exporter.log");
    exporter = new ProcessBuilder(exporterBin.toString(), "--web.listen-address=127.0.0.1:" + exporterPort,
        "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo", "--collector.netdev")
        .redirectErrorStream(true).redirectOutput(exporterLog.toFile()).start();
    Binaries.awaitPort(exporterPort, exporter, "node_exporter", exporterLog);
    Path config = dir.resolve("prometheus.yml");
    // the same file faasrl setup installs on workers, pointed at this exporter's port
    String yml = new String(getClass().getResourceAsStream("/faasrl/setup/prometheus.yml").readAllBytes(),
        StandardCharsets.UTF_8).replace("localhost:9100", "127.0.0.1:" + exporterPort);
    Files.writeString(config, yml);
    int port = Binaries.freePort();
    Path log = dir.resolve("prometheus.log");
    prometheus = new ProcessBuilder(prometheusBin.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Binaries.awaitPort(port, prometheus, "prometheus", log);
    uri = URI.create("http://127.0.0.1:" + port);
  }

  /** Waits until Prometheus holds at least {@code samples} scrapes of the exporter. */
  void awaitSamples(int samples) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String q = URLEncoder.encode("count_over_time(up{job=\"node\"}[60s])", StandardCharsets.UTF_8);
    long end = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < end) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri.resolve("/api/v1/query?query=" + q)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) { // 503 "Service Unavailable" while its storage starts
        var result = new ObjectMapper().readTree(r.body()).path("data").path("result");
        if (result.size() == 1 && result.get(0).path("value").get(1).asInt() >= samples) {
          return;
        }
      }
      Thread.sleep(250);
    }
    Assertions.fail("Prometheus at " + uri + " did not collect " + samples + " scrapes within 60 s");
  }

  @Override public void close() throws InterruptedException {
    Binaries.stop(prometheus);
    Binaries.stop(exporter);
  }
}
