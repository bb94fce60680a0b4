package faasrl.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.Cluster;
import faasrl.cluster.ClusterContract;
import faasrl.cluster.ScalingConfig;
import faasrl.function.Catalog;
import faasrl.function.Distribution;
import faasrl.function.FunctionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster contract on the Knative backend against <b>fabric8's mock Kubernetes API server in
 * CRUD mode</b> (no Kubernetes API server can run here), with {@link FakeKnativeController} playing
 * Knative's controller and a real gRPC server ({@link TestIngress}) standing in for the ingress.
 */
class KnativeClusterContractTest extends ClusterContract {
  CrudMockApiServer api;
  FakeKnativeController controller;
  TestIngress ingress;
  @TempDir Path dir;
  Path kubeconfig;

  @BeforeEach void startTheApi() throws Exception {
    api = CrudMockApiServer.start();
    controller = new FakeKnativeController(api.client, "default");
    ingress = new TestIngress();
    kubeconfig = api.kubeconfig(dir);
  }

  @AfterEach void stopTheApi() throws Exception {
    ingress.close();
    controller.close();
    api.close();
  }

  /** Readiness is watched, so a generous bound costs nothing when the fake controller is quick. */
  @Override protected Cluster start() {
    return KnativeCluster.builder(kubeconfig).readyTimeout(Duration.ofSeconds(90)).requestTimeout(Duration.ofSeconds(60))
        .ingress("127.0.0.1", ingress.port()).start();
  }

  @Override protected String backend() {
    return "knative";
  }

  /** A function without a Knative template. */
  @Override protected FunctionSpec refused() {
    return FunctionSpec.builder("fibonacci").cpu(Distribution.deterministic(100)).build();
  }

  /** All or nothing also when a function fails after the checks: those started before it are removed again. */
  @Test void aCatalogWhoseLastFunctionNeverServesLeavesNothing() {
    controller.failing.add("emailservice");
    Cluster c = cluster();
    assertThatThrownBy(() -> c.deploy(Catalog.of(SHOP.get("currencyservice"), SHOP.get("emailservice")),
        ScalingConfig.defaults())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'emailservice' in namespace default failed");
    assertThat(c.functions()).isEmpty();
    assertThat(api.client.genericKubernetesResources(KnativeCluster.KSVC).inNamespace("default").list().getItems())
        .as("both services deleted").isEmpty();
  }
}
