package faasrl.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.Clusters;
import faasrl.cluster.ScalingConfig;
import faasrl.function.Catalog;
import faasrl.local.ProfileFunction;
import faasrl.trace.AzureTrace;
import faasrl.trace.TraceFiles;
import faasrl.trace.TraceFunction;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace functions as Knative services run by their profile, against <b>fabric8's mock Kubernetes API
 * server in CRUD mode (a mock: no Kubernetes API server runs here)</b>, with
 * {@link FakeKnativeController} marking services Ready. What is checked is what the real API server
 * would store: the image, the profile in the arguments, the scaling annotations. Calls to the
 * services cannot be made here (no Knative ingress or pods).
 */
class ProfileServicesTest {
  CrudMockApiServer api;
  FakeKnativeController controller;
  @TempDir Path dir;
  Path kubeconfig;

  @BeforeEach void setUp() throws Exception {
    api = CrudMockApiServer.start();
    kubeconfig = api.kubeconfig(dir);
    controller = new FakeKnativeController(api.client, "default");
  }

  @AfterEach void tearDown() throws Exception {
    controller.close();
    api.close();
  }

  private List<TraceFunction> trace() {
    TraceFiles t = new TraceFiles(3).function("o", "a", "busy", m -> 10, 40).function("o", "b", "rare", m -> 1, 5);
    return AzureTrace.reader(t.writeInvocations(dir), t.writeDurations(dir)).read();
  }

  private KnativeCluster start(ProfileServices services) {
    return Clusters.knative(kubeconfig).services(services).readyTimeout(Duration.ofSeconds(90))
        .requestTimeout(Duration.ofSeconds(60)).start();
  }

  private GenericKubernetesResource stored(String name) {
    return api.client.genericKubernetesResources(KnativeCluster.KSVC).inNamespace("default").withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> template(GenericKubernetesResource r) {
    return (Map<String, Object>) ((Map<String, Object>) r.getAdditionalProperties().get("spec")).get("template");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> function(GenericKubernetesResource r) {
    return ((List<Map<String, Object>>) ((Map<String, Object>) template(r).get("spec")).get("containers")).get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> annotations(GenericKubernetesResource r) {
    return (Map<String, String>) ((Map<String, Object>) template(r).get("metadata")).get("annotations");
  }

  @SuppressWarnings("unchecked")
  @Test void eachTraceFunctionIsAServiceOfTheBusyLoopImageScaledToZeroByTheKpa() {
    List<TraceFunction> fs = trace();
    try (KnativeCluster c = start(ProfileServices.builder().build())) {
      for (TraceFunction f : fs) {
        c.deploy(f.spec(Duration.ZERO), ScalingConfig.defaults());
      }
      assertThat(c.functions()).containsExactly("f-busy", "f-rare");
      for (TraceFunction f : fs) {
        GenericKubernetesResource r = stored(f.name());
        assertThat(r.getMetadata().getLabels()).containsEntry(OnlineShop.MANAGED_BY, "faasrl");
        Map<String, Object> fn = function(r);
        assertThat(fn.get("name")).isEqualTo(OnlineShop.FUNCTION_CONTAINER);
        assertThat(fn.get("image")).isEqualTo(ProfileServices.DEFAULT_IMAGE);
        assertThat(fn.get("ports").toString()).contains("h2c", "50051");
        List<String> args = (List<String>) fn.get("args");
        assertThat(args).containsSubsequence("--function", "profile", "--port", "50051");
        // the profile: the trace's median (the TraceFiles p50) is the 51st of the 101 quantiles
        String quantiles = args.get(args.indexOf("--cpu-quantiles-us") + 1);
        double p50 = ProfileFunction.parse(quantiles).cpuMicros(0.5);
        assertThat(p50).isCloseTo(f.durationMs().quantile(0.5) * 1000, org.assertj.core.data.Offset.offset(
            f.durationMs().quantile(0.5) * 1000 * 0.02));
        assertThat(args).containsSubsequence("--hold-memory-mib", "64");
        assertThat(fn.get("resources")).isEqualTo(Map.of("requests", Map.of("cpu", "1000m"), "limits",
            Map.of("cpu", "1000m")));
        assertThat(annotations(r)).containsEntry("autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev")
            .containsEntry(OnlineShop.MIN_SCALE, "0").containsEntry("autoscaling.knative.dev/window", "60s")
            .containsEntry("autoscaling.knative.dev/scale-to-zero-pod-retention-period", "0s")
            .doesNotContainKey(OnlineShop.MAX_SCALE);
      }
    }
  }

  @Test void theHpaClassKeepsAPodAndTheImageCanBeChanged() {
    TraceFunction f = trace().get(0);
    try (KnativeCluster c = start(ProfileServices.builder().image("registry.lab:5000/busy:2")
        .autoscaler(ProfileServices.Autoscaler.HPA).build())) {
      c.deploy(f.spec(Duration.ZERO), ScalingConfig.defaults());
      GenericKubernetesResource r = stored(f.name());
      assertThat(function(r).get("image")).isEqualTo("registry.lab:5000/busy:2");
      assertThat(annotations(r)).containsEntry("autoscaling.knative.dev/class", "hpa.autoscaling.knative.dev")
          .containsEntry("autoscaling.knative.dev/metric", "cpu").containsEntry("autoscaling.knative.dev/target", "80")
          .containsEntry(OnlineShop.MIN_SCALE, "1");
    }
  }

  @Test void aFixedScaleIsMinScaleEqualToMaxScale() {
    TraceFunction f = trace().get(1);
    try (KnativeCluster c = start(ProfileServices.builder().autoscaler(ProfileServices.Autoscaler.FIXED).build())) {
      c.deploy(f.spec(Duration.ZERO), ScalingConfig.defaults());
      assertThat(annotations(stored(f.name()))).containsEntry(OnlineShop.MIN_SCALE, "1")
          .containsEntry(OnlineShop.MAX_SCALE, "1");
      assertThat(c.readyReplicas(f.name())).isEqualTo(1);
    }
  }

  @Test void badImagesAndChainedFunctionsAreRefused() {
    assertThatThrownBy(() -> ProfileServices.builder().image("two words")).hasMessageContaining("without spaces");
    assertThatThrownBy(() -> ProfileServices.builder().build().service(
        Catalog.onlineShop().get("checkoutservice"), "default", ScalingConfig.defaults()))
        .hasMessageContaining("calls others");
  }
}
