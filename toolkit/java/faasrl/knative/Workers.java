package faasrl.knative;

import faasrl.cluster.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker nodes of a Kubernetes cluster (every node but the control plane), with what they
 * offer to pods and where each one's Prometheus answers.
 *
 * <!-- given: KubernetesClient client -->
 * <pre>{@code
 * Workers w = Workers.discover(client, Map.of(), 9090);   // Prometheus at each InternalIP:9090
 * }</pre>
 *
 * @param nodes      workers with their allocatable cores and memory
 * @param prometheus each worker's Prometheus
 */
record Workers(List<Node> nodes, Map<String, URI> prometheus) {
  Workers {
    nodes = List.copyOf(nodes);
    prometheus = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prometheus));
  }

  /**
   * Lists the nodes. Prometheus is at {@code configured} when given, else at each worker's
   * InternalIP on {@code prometheusPort} (where {@code faasrl setup} installs it).
   */
  static Workers discover(KubernetesClient client, Map<String, URI> configured, int prometheusPort) {
    List<Node> workers = new ArrayList<>();
    Map<String, URI> prom = new LinkedHashMap<>(configured);
    try {
      for (io.fabric8.kubernetes.api.model.Node n : client.nodes().list().getItems()) {
        Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
        if (labels.containsKey("node-role.kubernetes.io/control-plane")
            || labels.containsKey("node-role.kubernetes.io/master")) {
          continue;
        }
        Map<String, Quantity> alloc = n.getStatus() == null || n.getStatus().getAllocatable() == null ? Map.of()
            : n.getStatus().getAllocatable();
        double cores = alloc.containsKey("cpu") ? alloc.get("cpu").getNumericalAmount().doubleValue() : 0;
        long mib = alloc.containsKey("memory")
            ? alloc.get("memory").getNumericalAmount().longValue() / (1024 * 1024) : 0;
        String name = n.getMetadata().getName();
        workers.add(new Node(name, cores, mib));
        if (configured.isEmpty() && n.getStatus() != null && n.getStatus().getAddresses() != null) {
          n.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
              .map(NodeAddress::getAddress)
              .findFirst().ifPresent(ip -> prom.put(name, URI.create("http://" + ip + ":" + prometheusPort)));
        }
      }
    } catch (KubernetesClientException e) {
      throw ApiErrors.explain(e, "list the cluster's nodes", client.getConfiguration().getMasterUrl());
    }
    return new Workers(workers, prom);
  }
}
