package faasrl.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.Catalog;
import faasrl.function.Distribution;
import faasrl.function.FunctionSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The knative backend against <b>fabric8's mock Kubernetes API server in CRUD mode: the only mock in
 * faasrl's tests</b>, because no Kubernetes API server can run on this machine. Knative's controller
 * is played by {@link FakeKnativeController}; everything else (fabric8 client, kubeconfig, JSON
 * patches, readiness polling, error translation) is the real code path.
 */
class KnativeClusterTest {
  CrudMockApiServer api;
  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path dir;
  Path kubeconfig;
  FakeKnativeController controller;
  final Catalog shop = Catalog.onlineShop();

  @BeforeEach void setUp() throws Exception {
    api = CrudMockApiServer.start();
    server = api.server;
    client = api.client;
    kubeconfig = api.kubeconfig(dir);
    controller = new FakeKnativeController(client, "default");
  }

  @AfterEach void tearDown() throws Exception {
    controller.close();
    api.close();
  }

  /**
   * Readiness is watched, so a generous bound costs nothing when the fake controller is quick;
   * on a busy machine its first reconcile (class loading, JIT) can take many seconds.
   */
  private KnativeCluster.Builder knative() {
    return Clusters.knative(kubeconfig).readyTimeout(Duration.ofSeconds(90)).requestTimeout(Duration.ofSeconds(60));
  }

  private GenericKubernetesResource stored(String name) {
    return client.genericKubernetesResources(KnativeCluster.KSVC).inNamespace("default").withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> template(GenericKubernetesResource r) {
    return (Map<String, Object>) ((Map<String, Object>) r.getAdditionalProperties().get("spec")).get("template");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container(GenericKubernetesResource r, String name) {
    List<Map<String, Object>> cs = (List<Map<String, Object>>) ((Map<String, Object>) template(r).get("spec"))
        .get("containers");
    return cs.stream().filter(c -> name.equals(c.get("name"))).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> annotations(GenericKubernetesResource r) {
    return (Map<String, String>) ((Map<String, Object>) template(r).get("metadata")).get("annotations");
  }

  @Test void deploysOurTemplateAndWaitsUntilReady() {
    try (KnativeCluster c = knative().start()) {
      c.deploy(shop.get("adservice"), ScalingConfig.defaults().cpuMillicores(500).replicas(2).containerConcurrency(4));

      GenericKubernetesResource r = stored("adservice");
      assertThat(r.getMetadata().getLabels()).containsEntry(OnlineShop.MANAGED_BY, "faasrl");
      Map<String, Object> relay = container(r, "relay");
      assertThat(relay.get("image")).isEqualTo("docker.io/vhiveease/relay:latest");
      assertThat(relay.get("ports").toString()).contains("h2c", "50000");
      assertThat((List<String>) relay.get("args")).contains("--function-endpoint-port=9555",
          "--function-name=adservice", "--generator=unique", "--value=donuts");
      Map<String, Object> fn = container(r, "function");
      assertThat(fn.get("image")).isEqualTo("docker.io/vhiveease/onlineshop-adservice:latest");
      assertThat(fn.get("env").toString()).contains("DISABLE_TRACING", "DISABLE_PROFILER", "DISABLE_DEBUGGER");
      assertThat(fn.get("resources")).isEqualTo(Map.of("requests", Map.of("cpu", "500m"), "limits", Map.of("cpu", "500m")));
      assertThat(annotations(r)).containsEntry(OnlineShop.MIN_SCALE, "2").containsEntry(OnlineShop.MAX_SCALE, "2");
      assertThat(((Map<String, Object>) template(r).get("spec")).get("containerConcurrency")).isEqualTo(4);

      assertThat(c.functions()).containsExactly("adservice");
      assertThat(c.config("adservice").cpuMillicores()).isEqualTo(500);
      assertThat(c.readyReplicas("adservice")).isEqualTo(2);
      assertThat(c.url("adservice")).isEqualTo(URI.create("http://adservice.default.192.168.1.240.sslip.io"));
      assertThat(c.endpoint("adservice")).isEqualTo(new IngressEndpoint("adservice.default.192.168.1.240.sslip.io", 80,
          "adservice.default.192.168.1.240.sslip.io"));
      assertThat(c.backend()).isEqualTo("knative");
    }
  }

  @Test void aNewSessionAdoptsTheServicesAnEarlierOneDeployed() {
    ScalingConfig asked = ScalingConfig.defaults().cpuMillicores(700).replicas(2).containerConcurrency(8).memoryMiB(256);
    try (KnativeCluster c = knative().start()) {
      c.deploy(shop.get("emailservice"), asked);
    }
    try (KnativeCluster again = knative().start()) {
      assertThat(again.functions()).containsExactly("emailservice");
      assertThat(again.config("emailservice")).isEqualTo(asked);
      again.scale("emailservice", asked.replicas(1));
      assertThat(again.readyReplicas("emailservice")).isEqualTo(1);
    }
  }

  @Test void verticalScalingChangesOnlyTheFunctionContainerAndWaitsForTheNewRevision() {
    try (KnativeCluster c = knative().start()) {
      c.deploy(shop.get("currencyservice"), ScalingConfig.defaults());
      long before = stored("currencyservice").getMetadata().getGeneration();

      c.scale("currencyservice", c.config("currencyservice").cpuMillicores(250));

      GenericKubernetesResource r = stored("currencyservice");
      assertThat(r.getMetadata().getGeneration()).isEqualTo(before + 1);
      // scale() returned only once the new generation was observed Ready and its pods serve
      assertThat(((Map<String, Object>) r.getAdditionalProperties().get("status")).get("observedGeneration"))
          .isEqualTo((int) (before + 1));
      assertThat(container(r, "function").get("resources"))
          .isEqualTo(Map.of("requests", Map.of("cpu", "250m"), "limits", Map.of("cpu", "250m")));
      assertThat(container(r, "relay")).doesNotContainKey("resources");
      assertThat(c.readyReplicas("currencyservice")).isEqualTo(1);
      assertThat(c.config("currencyservice")).isEqualTo(ScalingConfig.defaults().cpuMillicores(250));
    }
  }

  @Test void horizontalScalingSetsMinScaleEqualToMaxScale() {
    try (KnativeCluster c = knative().start()) {
      c.deploy(shop.get("shippingservice"), ScalingConfig.defaults());
      c.scale("shippingservice", c.config("shippingservice").replicas(3));
      assertThat(annotations(stored("shippingservice"))).containsEntry(OnlineShop.MIN_SCALE, "3")
          .containsEntry(OnlineShop.MAX_SCALE, "3");
      assertThat(c.readyReplicas("shippingservice")).isEqualTo(3);

      c.scale("shippingservice", c.config("shippingservice").replicas(0));
      assertThat(annotations(stored("shippingservice"))).containsEntry(OnlineShop.MIN_SCALE, "0")
          .doesNotContainKey(OnlineShop.MAX_SCALE); // max-scale 0 would mean unlimited in Knative
    }
  }

  @Test void readinessTimeoutAndFailureNameTheCondition() {
    controller.stuck.add("emailservice");
    controller.failing.add("paymentservice");
    try (KnativeCluster c = knative().start()) {
      // a failing revision ends the wait as soon as the controller reports it: the builder's 90 s bound
      assertThatThrownBy(() -> c.deploy(shop.get("paymentservice"), ScalingConfig.defaults()))
          .hasMessageContaining("paymentservice' in namespace default failed: ConfigurationsReady=False "
              + "(RevisionFailed: Revision \"paymentservice-00001\" failed: ImagePullBackOff)")
          .hasMessageEndingWith("; the service was removed again");
    }
    // A stuck service waits out the timeout, so the timeout is short; the controller must have
    // reported its condition by then. It is warm now (the failing deploy above went through it) and
    // polls every 30 ms: 5 s is a wide margin even when other processes keep both cores busy.
    try (KnativeCluster c = knative().readyTimeout(Duration.ofSeconds(5)).start()) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> c.deploy(shop.get("emailservice"), ScalingConfig.defaults()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Knative service 'emailservice' in namespace default not Ready after 5 s")
          .hasMessageContaining("ConfigurationsReady=Unknown (Deploying: Waiting for pods of emailservice-00001)");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the 5 s timeout, not the builder's 90 s")
          .isLessThan(Duration.ofSeconds(60));
      assertThat(c.functions()).isEmpty(); // nothing half-applied
      assertThat(stored("emailservice")).isNull();
      assertThat(stored("paymentservice")).isNull();
    }
  }

  @Test void aScalingThatNeverServesIsReverted() {
    try (KnativeCluster c = knative().start()) {
      c.deploy(shop.get("adservice"), ScalingConfig.defaults().cpuMillicores(500));
      controller.failing.add("adservice"); // the next revision cannot start
      assertThatThrownBy(() -> c.scale("adservice", c.config("adservice").cpuMillicores(100)))
          .hasMessageContaining("failed: ConfigurationsReady=False")
          .hasMessageEndingWith("; reverted to 500m x1");
      assertThat(c.config("adservice").cpuMillicores()).isEqualTo(500);
      assertThat(container(stored("adservice"), "function").get("resources").toString()).contains("500m")
          .doesNotContain("100m");
    }
  }

  @Test void apiErrorsGiveClearMessages() {
    try (KnativeCluster c = knative().start()) {
      // 409: a service of the same name that faasrl did not make is never overwritten
      client.genericKubernetesResources(KnativeCluster.KSVC).inNamespace("default").resource(
          new GenericKubernetesResourceBuilder().withApiVersion("serving.knative.dev/v1").withKind("Service")
              .withNewMetadata().withName("cartservice").withNamespace("default").endMetadata()
              .addToAdditionalProperties("spec", Map.of("template", Map.of())).build()).create();
      assertThatThrownBy(() -> c.deploy(shop.get("cartservice"), ScalingConfig.defaults()))
          .hasMessageContaining("'cartservice' in namespace default already exists and was not made by faasrl (409");
      assertThat(c.functions()).isEmpty();

      // redeploying our own service replaces it
      c.deploy(shop.get("adservice"), ScalingConfig.defaults());
      c.deploy(shop.get("adservice"), ScalingConfig.defaults().cpuMillicores(300));
      assertThat(container(stored("adservice"), "function").get("resources").toString()).contains("300m");

      // 404: deleted behind our back
      client.genericKubernetesResources(KnativeCluster.KSVC).inNamespace("default").withName("adservice").delete();
      assertThatThrownBy(() -> c.scale("adservice", ScalingConfig.defaults().replicas(2)))
          .hasMessageContaining("cannot scale Knative service 'adservice' in namespace default: not found (404)");
      assertThatThrownBy(() -> c.remove("adservice")).hasMessageContaining("deleted outside faasrl");
      assertThat(c.functions()).isEmpty();
    }
    // 403: RBAC forbids creating services in this namespace
    server.expect().post().withPath("/apis/serving.knative.dev/v1/namespaces/locked/services").andReturn(403,
        new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("services.serving.knative.dev is "
            + "forbidden: User \"tester\" cannot create resource \"services\" in namespace \"locked\"").build()).always();
    try (KnativeCluster c = knative().namespace("locked").start()) {
      assertThatThrownBy(() -> c.deploy(shop.get("adservice"), ScalingConfig.defaults()))
          .hasMessageContaining("forbidden (403): the kubeconfig's user may not create Knative service 'adservice' "
              + "in namespace locked: services.serving.knative.dev is forbidden: User \"tester\" cannot create");
      assertThat(c.functions()).isEmpty();
    }
  }

  @Test void removeDeletesAndBadNamesAreRefused() {
    try (KnativeCluster c = knative().start()) {
      c.deploy(shop.get("productcatalogservice"), ScalingConfig.defaults());
      c.remove("productcatalogservice");
      assertThat(stored("productcatalogservice")).isNull();
      assertThat(c.functions()).isEmpty();
      FunctionSpec other = FunctionSpec.builder("fibonacci").cpu(Distribution.exponential(500)).build();
      assertThatThrownBy(() -> c.deploy(other, ScalingConfig.defaults())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no Knative template for function 'fibonacci'").hasMessageContaining("adservice, cartservice");
      assertThatThrownBy(() -> c.scale("adservice", ScalingConfig.defaults()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'adservice' is not deployed");
      assertThatThrownBy(() -> c.run(Load.of("adservice", LoadPattern.constant(10))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'adservice' is not deployed");
    }
  }

  @Test void podCpuComesFromTheMetricsApi() {
    try (KnativeCluster c = knative().start()) {
      c.deploy(shop.get("adservice"), ScalingConfig.defaults().replicas(2));
      for (int i = 0; i < 2; i++) {
        client.resource(new PodMetricsBuilder().withNewMetadata().withName("adservice-pod-" + i).withNamespace("default")
            .addToLabels(KnativeCluster.SERVICE_LABEL, "adservice").endMetadata()
            .addNewContainer().withName("function").addToUsage("cpu", new Quantity("250m")).endContainer()
            .addNewContainer().withName("relay").addToUsage("cpu", new Quantity("40m")).endContainer()
            .addNewContainer().withName("queue-proxy").addToUsage("cpu", new Quantity("15m")).endContainer()
            .build()).create();
      }
      assertThat(c.cpuUsedCores("adservice")).isEqualTo(0.5);
    }
  }

  @Test void aWrongKubeconfigIsOneClearError() throws Exception {
    assertThatThrownBy(() -> Clusters.knative(dir.resolve("nope")).start()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kubeconfig " + dir.resolve("nope") + " does not exist");
    Path garbage = dir.resolve("garbage");
    Files.writeString(garbage, "just: [text\n");
    assertThatThrownBy(() -> Clusters.knative(garbage).start()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not valid YAML");
    Files.writeString(garbage, "apiVersion: v1\nkind: Config\n");
    assertThatThrownBy(() -> Clusters.knative(garbage).start()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs clusters and a current-context");
    Path unreachable = dir.resolve("unreachable");
    Files.writeString(unreachable, Files.readString(kubeconfig).replace(client.getConfiguration().getMasterUrl(),
        "https://127.0.0.1:1/"));
    assertThatThrownBy(() -> Clusters.knative(unreachable).start()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot reach the Kubernetes API at https://127.0.0.1:1/");
    server.expect().get().withPath("/apis/serving.knative.dev/v1/namespaces/bare/services?labelSelector="
        + "app.kubernetes.io%2Fmanaged-by%3Dfaasrl").andReturn(404,
        new StatusBuilder().withCode(404).withMessage("the server could not find the requested resource").build())
        .always();
    assertThatThrownBy(() -> Clusters.knative(kubeconfig).namespace("bare").start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no Knative Serving API");
  }

  @Test void workersAndTheirPrometheusComeFromTheNodeList() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node0")
        .addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata().build()).create();
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node1").endMetadata().withNewStatus()
        .addToAllocatable("cpu", new Quantity("20")).addToAllocatable("memory", new Quantity("64Gi"))
        .addNewAddress().withType("InternalIP").withAddress("10.0.1.2").endAddress().endStatus().build()).create();
    try (KnativeCluster c = knative().start()) {
      assertThat(c.nodes()).containsExactly(new faasrl.cluster.Node("node1", 20, 65536));
    }
  }

  /**
   * Cluster.run end to end but for Kubernetes: faasrl's gRPC invoker sends real requests to a real
   * Greeter standing in for the Knative ingress, with the service's host as authority, and node
   * figures come from a real Prometheus on this machine.
   */
  @Test void runInvokesThroughTheIngressAndAddsNodeAndPodMetrics() throws Exception {
    try (TestIngress ingress = new TestIngress();
         TestPrometheus prometheus = new TestPrometheus(dir.resolve("prom"));
         KnativeCluster c = knative().ingress("127.0.0.1", ingress.port()).prometheus("node1", prometheus.uri)
             .start()) {
      prometheus.awaitSamples(3);
      c.deploy(shop.get("adservice"), ScalingConfig.defaults().cpuMillicores(400).replicas(2));
      // a generous deadline: a starved test JVM (vert.x event loops blocked for seconds were seen
      // under stress) answers late, and this test is about routing and counting, not latency
      StepResult r = c.run(Load.of("adservice", LoadPattern.constant(50)).seconds(2).deadline(Duration.ofSeconds(60)));

      FunctionMetrics m = r.function("adservice");
      System.out.printf("through the ingress: %s timedOut=%d rejected=%d inFlight=%d, ingress saw %d%n", m,
          m.timedOut(), m.rejected(), m.inFlight(), ingress.authorities.size());
      assertThat(m.issued()).isBetween(95L, 105L);
      assertThat(m.completed()).as("%s", m).isEqualTo(m.issued());
      assertThat(m.p90Micros()).isPositive();
      // the invoker also sends one uncounted warm-up request per channel before its schedule
      assertThat(ingress.authorities).hasSizeBetween((int) m.issued(), (int) m.issued() + 2).containsOnly("adservice.default.192.168.1.240.sslip.io");
      assertThat(m.config()).isEqualTo(ScalingConfig.defaults().cpuMillicores(400).replicas(2));
      assertThat(m.readyReplicas()).isEqualTo(2);
      assertThat(m.cpuLimitCores()).isEqualTo(0.8);
      assertThat(m.askedRps()).isEqualTo(50);
      assertThat(r.nodes()).hasSize(1);
      assertThat(r.node().memFree()).isBetween(0.0, 1.0).isPositive();
      // the node's CPU came from Prometheus; each mode is its own rate() over a 2 s window of scrapes that a
      // busy machine takes late, so their sum strays far from 1 (PrometheusNodeMetricsTest checks the values)
      assertThat(r.node().cpuIdle() + r.node().cpuUser() + r.node().cpuSystem()).isGreaterThan(0).isLessThan(1.5);
    }
  }
}
