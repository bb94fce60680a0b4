package faasrl.knative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.cluster.NodeMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A worker's CPU, memory and network figures over a window, from the Prometheus on that worker
 * (scraping its node_exporter every second), with the paper's PromQL:
 * {@code avg(rate(node_cpu_seconds_total{mode="idle|user|system"}[Ts]))},
 * {@code sum(rate(node_network_receive|transmit_bytes_total[Ts]))*8} and
 * {@code node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes}.
 *
 * <pre>{@code
 * var prom = new PrometheusNodeMetrics("node1", URI.create("http://10.0.1.2:9090"));
 * NodeMetrics m = prom.over(Duration.ofSeconds(10));   // window = the step length
 * }</pre>
 */
public final class PrometheusNodeMetrics {
  /** rate() needs two samples in its window; with a 1 s scrape that is 2 s at least. */
  static final long MIN_WINDOW_SECONDS = 2;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String node;
  private final URI base;
  private final HttpClient http;

  public PrometheusNodeMetrics(String node, URI base) {
    this.node = Objects.requireNonNull(node, "node");
    this.base = Objects.requireNonNull(base, "base");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The PromQL for one figure over a window of {@code seconds}. */
  static String query(String figure, long seconds) {
    String w = "[" + Math.max(MIN_WINDOW_SECONDS, seconds) + "s]";
    return switch (figure) {
      case "idle", "user", "system" -> "avg(rate(node_cpu_seconds_total{mode=\"" + figure + "\"}" + w + "))";
      case "rx" -> "sum(rate(node_network_receive_bytes_total" + w + "))*8";
      case "tx" -> "sum(rate(node_network_transmit_bytes_total" + w + "))*8";
      case "mem" -> "node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes";
      default -> throw new IllegalArgumentException("unknown figure " + figure);
    };
  }

  /**
   * The node's figures over the {@code window} ending now (rounded up to whole seconds). A window
   * that holds fewer than two scrapes (a short step on a busy node) is widened to 2x, then 4x.
   */
  public NodeMetrics over(Duration window) {
    long s = Math.max(1, (window.toMillis() + 999) / 1000);
    return new NodeMetrics(node, value("idle", s), value("user", s), value("system", s), value("mem", s),
        value("rx", s), value("tx", s));
  }

  private double value(String figure, long seconds) {
    for (long w = seconds; ; w *= 2) {
      String promql = query(figure, w);
      JsonNode result = result(promql);
      if (result.size() == 1) {
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
      }
      if (result.size() > 1 || w >= 4 * seconds) {
        throw new IllegalStateException("Prometheus of " + node + " at " + base + " has " + result.size()
            + " series for " + promql + " (is node_exporter scraped, and running for longer than the window?)");
      }
    }
  }

  /** The result vector of an instant query; a clear error if Prometheus cannot be asked. */
  private JsonNode result(String promql) {
    URI uri = base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(r.body());
      if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
        throw new IllegalStateException("Prometheus of " + node + " at " + base + " answered " + r.statusCode()
            + " to " + promql + ": " + body.path("error").asText(r.body()));
      }
      return body.path("data").path("result");
    } catch (IOException e) {
      throw new IllegalStateException("cannot query the Prometheus of " + node + " at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying " + base, e);
    }
  }
}
