package faasrl.knative;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.Test;

/** The test harness around <b>fabric8's mock Kubernetes API server</b> (a mock: see {@link CrudMockApiServer}). */
class CrudMockApiServerTest {
  /**
   * Without {@link CrudMockApiServer.WatchRaceGuard} this failed within a few hundred
   * rounds every time: a request left unanswered for the client's 10 s timeout.
   */
  @Test void watchesClosedWhileEventsAreSentLeaveTheServerAnswering() {
    try (CrudMockApiServer api = CrudMockApiServer.start()) {
      KubernetesClient client = api.client;
      Resource<ConfigMap> map = client.configMaps().inNamespace("default").withName("counter");
      map.create(new ConfigMapBuilder().withNewMetadata().withName("counter").endMetadata().addToData("n", "0").build());
      for (int round = 1; round <= 300; round++) {
        Watch watch = map.watch(new Watcher<>() {
          @Override public void eventReceived(Action action, ConfigMap resource) {
            // events are what is in flight when the watch closes; their content does not matter
          }

          @Override public void onClose(WatcherException cause) {
          }
        });
        for (int edit = 0; edit < 5; edit++) {
          map.edit(m -> new ConfigMapBuilder(m).addToData("n", Integer.toString(Integer.parseInt(m.getData().get("n")) + 1))
              .build());
        }
        watch.close();
        assertThat(map.get().getData()).containsEntry("n", Integer.toString(5 * round));
      }
    }
  }
}
