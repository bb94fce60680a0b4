package faasrl.knative;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * <b>fabric8's mock Kubernetes API server in CRUD mode</b> (a mock: no Kubernetes API server can
 * run on this machine), built as {@code @EnableKubernetesMockClient(crud = true)} builds it, but
 * started with retries: its start-up waits a fixed 10 s for vert.x, which a starved machine can
 * miss (seen under stress-ng with the event loop blocked for 4.7 s), and the annotation gives up
 * on the first failure.
 */
final class CrudMockApiServer implements AutoCloseable {
  static final int ATTEMPTS = 3;

  final KubernetesMockServer server;
  final NamespacedKubernetesClient client;

  private CrudMockApiServer(KubernetesMockServer server, NamespacedKubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  static CrudMockApiServer start() {
    RuntimeException failure = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      // one map: the expectations the server records are the ones its dispatcher answers first
      Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
      KubernetesMockServer s = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
          expectations, new KubernetesMixedDispatcher(expectations), false);
      try {
        s.init();
        return new CrudMockApiServer(s, s.createClient());
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
        if (failure != e) {
          failure.addSuppressed(e);
        }
        try {
          s.destroy();
        } catch (RuntimeException ignored) {
          // it did not start: nothing to stop
        }
      }
    }
    throw new IllegalStateException("fabric8's mock API server did not start in " + ATTEMPTS + " attempts", failure);
  }

  /** A kubeconfig in {@code dir} that points at this server, namespace {@code default}. */
  Path kubeconfig(Path dir) throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        users:
        - name: tester
          user: {token: test-token}
        contexts:
        - name: mock
          context: {cluster: mock, user: tester, namespace: default}
        current-context: mock
        """.formatted(client.getConfiguration().getMasterUrl()));
    return kubeconfig;
  }

  @Override public void close() {
    client.close();
    server.destroy();
  }
}
