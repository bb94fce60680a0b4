package faasrl.knative;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * <b>fabric8's mock Kubernetes API server in CRUD mode</b> (a mock: no Kubernetes API server can
 * run on this machine), built as {@code @EnableKubernetesMockClient(crud = true)} builds it, but
 * started with retries: its start-up waits a fixed 10 s for vert.x, which a starved machine can
 * miss (seen under stress-ng with the event loop blocked for 4.7 s), and the annotation gives up
 * on the first failure. Two races of its watches that leave requests unanswered are guarded
 * against: see {@link WatchRaceGuard}.
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
          expectations, new WatchRaceGuard(new KubernetesMixedDispatcher(expectations)), false);
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

  /**
   * Works around two races in fabric8's watch listener (8.0.0) that leave the mock server's
   * requests unanswered. (1) A client that closes a watch while an event is being sent stalls an
   * event loop for 30 s: the listener's {@code onClosed} runs on the loop and waits for its sender
   * thread, whose send waits for that same loop to write; every connection on the loop stalls, so
   * an unrelated GET outlives the client's 10 s timeout. Here sends only queue, and a thread of the
   * watch's own writes them in order. (2) A write request that races a watch's {@code onClosed}
   * hands an event to the listener's shut-down sender and is never answered; here closes wait for
   * requests in flight.
   */
  static final class WatchRaceGuard extends Dispatcher {
    private final Dispatcher dispatcher;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();

    WatchRaceGuard(Dispatcher dispatcher) {
      this.dispatcher = dispatcher;
    }

    @Override public MockResponse dispatch(RecordedRequest request) {
      MockResponse response;
      closing.readLock().lock();
      try {
        response = dispatcher.dispatch(request);
      } finally {
        closing.readLock().unlock();
      }
      WebSocketListener watch = response.getWebSocketListener();
      return watch == null ? response : response.withWebSocketUpgrade(new QueuedWrites(watch));
    }

    @Override public void shutdown() {
      dispatcher.shutdown();
    }

    @Override public void releaseResources() {
      dispatcher.releaseResources();
    }

    /** A watch whose socket writes queue for a thread of its own. */
    private final class QueuedWrites extends WebSocketListener {
      private final WebSocketListener watch;
      private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mock-api-watch-writer");
        t.setDaemon(true);
        return t;
      });

      QueuedWrites(WebSocketListener watch) {
        this.watch = watch;
      }

      private boolean queue(Runnable write) {
        try {
          writer.execute(write);
          return true;
        } catch (RejectedExecutionException e) {
          return false; // the watch has closed
        }
      }

      private WebSocket queued(WebSocket ws) {
        return new WebSocket() {
          @Override public RecordedRequest request() {
            return ws.request();
          }

          @Override public boolean send(String text) {
            return queue(() -> ws.send(text));
          }

          @Override public boolean send(byte[] bytes) {
            return queue(() -> ws.send(bytes));
          }

          @Override public boolean close(int code, String reason) {
            return queue(() -> ws.close(code, reason));
          }
        };
      }

      @Override public void onBeforeAccept(WebSocket ws, Response r) {
        watch.onBeforeAccept(queued(ws), r);
      }

      @Override public void onOpen(WebSocket ws, Response r) {
        watch.onOpen(queued(ws), r);
      }

      @Override public void onMessage(WebSocket ws, String text) {
        watch.onMessage(queued(ws), text);
      }

      @Override public void onMessage(WebSocket ws, ByteString bytes) {
        watch.onMessage(queued(ws), bytes);
      }

      @Override public void onMessage(WebSocket ws, byte[] bytes) {
        watch.onMessage(queued(ws), bytes);
      }

      @Override public void onPing(WebSocket ws, byte[] bytes) {
        watch.onPing(queued(ws), bytes);
      }

      @Override public void onClosing(WebSocket ws, int code, String reason) {
        watch.onClosing(queued(ws), code, reason);
      }

      @Override public void onClosed(WebSocket ws, int code, String reason) {
        closed(() -> watch.onClosed(queued(ws), code, reason));
      }

      @Override public void onFailure(WebSocket ws, Throwable t, Response r) {
        closed(() -> watch.onFailure(queued(ws), t, r));
      }

      private void closed(Runnable close) {
        closing.writeLock().lock();
        try {
          close.run();
        } finally {
          closing.writeLock().unlock();
          writer.shutdown(); // the queued writes and close still run
        }
      }
    }
  }
}
