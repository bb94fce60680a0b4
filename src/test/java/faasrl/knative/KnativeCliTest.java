package faasrl.knative;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cli.Main;
import faasrl.cluster.ScalingConfig;
import faasrl.function.Catalog;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code faasrl knative-status} and {@code faasrl invoke --backend knative} against <b>fabric8's mock Kubernetes API server in CRUD mode (a
 * mock: no Kubernetes API server can run here)</b>, Knative's controller played by
 * {@link FakeKnativeController}.
 */
class KnativeCliTest {
  CrudMockApiServer api;
  KubernetesClient client;
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach void startApiServer() {
    api = CrudMockApiServer.start();
    client = api.client;
  }

  @AfterEach void stopApiServer() {
    api.close();
  }

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private Path kubeconfig() throws Exception {
    return api.kubeconfig(dir);
  }

  @Test void invokeDeploysAndLoadsAFunctionThroughTheIngress() throws Exception {
    Path kubeconfig = kubeconfig();
    try (FakeKnativeController controller = new FakeKnativeController(client, "default");
         TestIngress ingress = new TestIngress()) {
      assertThat(run("invoke", "--backend", "knative", "--kubeconfig", kubeconfig.toString(), "--api-timeout", "60", "--ingress",
          "127.0.0.1:" + ingress.port(), "--function", "currencyservice", "--cpu", "250", "--replicas", "2",
          "--rps", "40", "--seconds", "1", "--format", "csv")).as(err.toString()).isZero();
      assertThat(ingress.authorities).hasSizeBetween(38, 42)
          .containsOnly("currencyservice.default.192.168.1.240.sslip.io");
      String[] lines = out.toString().strip().split("\\R");
      assertThat(lines).hasSize(2);
      assertThat(lines[1]).contains("currencyservice,250,2,");
    }
  }

  @Test void reportsTheClusterAndWhatFaasrlDeployed() throws Exception {
    Path kubeconfig = kubeconfig();
    try (FakeKnativeController controller = new FakeKnativeController(client, "default");
         KnativeCluster c = KnativeCluster.builder(kubeconfig).requestTimeout(Duration.ofSeconds(60)).start()) {
      c.deploy(Catalog.onlineShop().get("adservice"), ScalingConfig.defaults().cpuMillicores(300).replicas(2));
    }

    assertThat(run("knative-status", "--kubeconfig", kubeconfig.toString(), "--api-timeout", "60")).isZero();
    assertThat(out.toString()).contains("Knative Serving answers", "functions deployed by faasrl: 1",
        "adservice", "300m x2", "ready 2", "http://adservice.default.192.168.1.240.sslip.io");

    assertThat(run("knative-status", "--kubeconfig", kubeconfig.toString(), "--api-timeout", "60", "--prometheus",
        "node1=http://127.0.0.1:1")).isEqualTo(1);
    assertThat(out.toString()).contains("node metrics: cannot query the Prometheus of node1");

    assertThat(run("knative-status")).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("needs --kubeconfig FILE");
    assertThat(run("knative-status", "--kubeconfig", kubeconfig.toString(), "--api-timeout", "0"))
        .isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("--api-timeout must be >= 1 second, was 0");
    Files.writeString(kubeconfig, Files.readString(kubeconfig).replace(client.getConfiguration().getMasterUrl(),
        "https://127.0.0.1:1/"));
    err.getBuffer().setLength(0);
    assertThat(run("knative-status", "--kubeconfig", kubeconfig.toString(), "--api-timeout", "60")).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString().strip()).startsWith("faasrl: cannot reach the Kubernetes API at https://127.0.0.1:1/")
        .doesNotContain("Exception");
  }
}
