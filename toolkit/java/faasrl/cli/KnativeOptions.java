package faasrl.cli;

import faasrl.knative.KnativeCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of the {@code knative} backend, for any command that opens a cluster
 * ({@code @Mixin KnativeOptions knative;}).
 *
 * <!-- given: KnativeOptions knative -->
 * <pre>{@code
 * try (KnativeCluster c = knative.builder().start()) {
 *   System.out.println(c.nodes());
 * }
 * }</pre>
 */
public final class KnativeOptions {
  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "kubeconfig of the Knative cluster (faasrl setup writes faasrl-cluster/kubeconfig)")
  Path kubeconfig;

  @Option(names = "--namespace", defaultValue = "default", paramLabel = "NS",
      description = "namespace of the functions (default: ${DEFAULT-VALUE})")
  String namespace;

  @Option(names = "--ingress", paramLabel = "HOST[:PORT]",
      description = "Knative ingress to send requests to (default: each service URL's host, port 80)")
  String ingress;

  @Option(names = "--prometheus", paramLabel = "NODE=URL",
      description = "a worker's Prometheus (default: http://WORKER-INTERNAL-IP:9090, as faasrl setup installs it)")
  Map<String, URI> prometheus;

  @Option(names = "--api-timeout", defaultValue = "10", paramLabel = "SECONDS",
      description = "how long one Kubernetes API call may go unanswered (default: ${DEFAULT-VALUE})")
  int apiTimeoutSeconds;

  /** A cluster builder from these options; one clear error when --kubeconfig is missing. */
  public KnativeCluster.Builder builder() {
    if (kubeconfig == null) {
      throw new IllegalArgumentException("the knative backend needs --kubeconfig FILE (faasrl setup writes "
          + "faasrl-cluster/kubeconfig)");
    }
    if (apiTimeoutSeconds < 1) {
      throw new IllegalArgumentException("--api-timeout must be >= 1 second, was " + apiTimeoutSeconds);
    }
    KnativeCluster.Builder b = KnativeCluster.builder(kubeconfig).namespace(namespace)
        .requestTimeout(Duration.ofSeconds(apiTimeoutSeconds));
    if (ingress != null) {
      String[] hp = ingress.split(":", 2);
      try {
        b.ingress(hp[0], hp.length == 2 ? Integer.parseInt(hp[1]) : 80);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--ingress must be HOST or HOST:PORT, was '" + ingress + "'");
      }
    }
    if (prometheus != null) {
      prometheus.forEach(b::prometheus);
    }
    return b;
  }
}
