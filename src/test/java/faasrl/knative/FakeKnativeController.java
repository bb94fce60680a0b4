package faasrl.knative;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays Knative Serving's controller against fabric8's mock API server (there is no real Knative
 * here): for each service whose generation is not yet observed it creates the new revision's pods
 * (min-scale of them, placed on {@link #NODE} with the template's function container), removes the old revision's, and marks the service Ready with a URL. Services
 * named in {@link #stuck} stay Unknown, those in {@link #failing} go Ready=False, like a revision
 * whose image cannot be pulled.
 */
final class FakeKnativeController implements AutoCloseable {
  /** The node every pod is placed on. */
  static final String NODE = "node1";
  final Set<String> stuck = ConcurrentHashMap.newKeySet();
  final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final KubernetesClient client;
  private final String namespace;
  private final Thread thread;
  private volatile boolean running = true;

  FakeKnativeController(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    thread = new Thread(this::loop, "fake-knative-controller");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        for (GenericKubernetesResource s : client.genericKubernetesResources(KnativeCluster.KSVC).inNamespace(namespace)
            .list().getItems()) {
          try {
            reconcile(s);
          } catch (RuntimeException e) {
            // not ours to run (no template) or a concurrent update: next round
          }
        }
        Thread.sleep(30);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // a concurrent update: try again next round, as a controller does
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void reconcile(GenericKubernetesResource s) {
    String name = s.getMetadata().getName();
    long gen = s.getMetadata().getGeneration();
    Map<String, Object> status = (Map<String, Object>) s.getAdditionalProperties().getOrDefault("status", Map.of());
    if (status.get("observedGeneration") instanceof Number n && n.longValue() >= gen) {
      return;
    }
    String revision = String.format("%s-%05d", name, gen);
    List<Map<String, Object>> conditions = new ArrayList<>();
    Map<String, Object> next = new java.util.LinkedHashMap<>();
    next.put("observedGeneration", gen);
    if (stuck.contains(name)) {
      conditions.add(Map.of("type", "ConfigurationsReady", "status", "Unknown", "reason", "Deploying",
          "message", "Waiting for pods of " + revision));
      conditions.add(Map.of("type", "Ready", "status", "Unknown", "reason", "Deploying"));
    } else if (failing.contains(name)) {
      conditions.add(Map.of("type", "ConfigurationsReady", "status", "False", "reason", "RevisionFailed",
          "message", "Revision \"" + revision + "\" failed: ImagePullBackOff"));
      conditions.add(Map.of("type", "Ready", "status", "False", "reason", "RevisionFailed",
          "message", "Revision \"" + revision + "\" failed: ImagePullBackOff"));
    } else {
      Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) s.getAdditionalProperties()
          .get("spec")).get("template");
      Map<String, String> annotations = (Map<String, String>) ((Map<String, Object>) template.get("metadata"))
          .get("annotations");
      int replicas = Integer.parseInt(annotations.get(OnlineShop.MIN_SCALE));
      Map<String, Object> function = ((List<Map<String, Object>>) ((Map<String, Object>) template.get("spec"))
          .get("containers")).stream().filter(c -> OnlineShop.FUNCTION_CONTAINER.equals(c.get("name")))
          .findFirst().orElseThrow();
      Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) function.getOrDefault("resources",
          Map.of())).getOrDefault("limits", Map.of());
      client.pods().inNamespace(namespace).withLabel(KnativeCluster.SERVICE_LABEL, name).delete();
      for (int i = 0; i < replicas; i++) {
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata()
            .withName(revision + "-deployment-" + i).addToLabels(KnativeCluster.SERVICE_LABEL, name)
            .addToLabels(KnativeCluster.REVISION_LABEL, revision).endMetadata()
            .withNewSpec().withNodeName(NODE).addNewContainer().withName(OnlineShop.FUNCTION_CONTAINER)
            .withNewResources().addToLimits(limits.containsKey("cpu")
                ? Map.of("cpu", new Quantity(limits.get("cpu").toString())) : Map.of()).endResources()
            .endContainer().endSpec()
            .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
            .build()).create();
      }
      conditions.add(Map.of("type", "ConfigurationsReady", "status", "True"));
      conditions.add(Map.of("type", "Ready", "status", "True"));
      next.put("url", "http://" + name + "." + namespace + ".192.168.1.240.sslip.io");
      next.put("latestReadyRevisionName", revision);
      next.put("latestCreatedRevisionName", revision);
    }
    next.put("conditions", conditions);
    s.setAdditionalProperty("status", next);
    client.genericKubernetesResources(KnativeCluster.KSVC).inNamespace(namespace).resource(s).update();
  }

  @Override public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(2000);
  }
}
