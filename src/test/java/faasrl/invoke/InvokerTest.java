package faasrl.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.local.FunctionServer;
import faasrl.local.shop.Downstream;
import faasrl.invoke.proto.GreeterGrpc;
import faasrl.invoke.proto.HelloReply;
import faasrl.invoke.proto.HelloRequest;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invoker against real gRPC servers on 127.0.0.1. */
class InvokerTest {

  /**
   * Behaviour, not speed: every scheduled request is issued and each ends in exactly one outcome.
   * Whether the machine sustains 2000 RPS on time is `faasrl bench invoker`'s question, not a test's.
   */
  @Test
  void issuesEveryScheduledRequestAt2000RpsAndCountsEachOutcomeOnce() {
    try (FunctionServer server = FunctionServer.start("noop", 0, 0, Downstream.none())) {
      InvokeResult r = Invoker.builder().endpoints("127.0.0.1:" + server.port())
          .pattern(LoadPattern.constant(2000)).seconds(5).deadline(Duration.ofSeconds(10))
          .warmUp(Duration.ofSeconds(1)).build().run();
      assertThat(r.issued()).isBetween(9_990L, 10_000L);
      assertThat(r.askedRps()).isEqualTo(2000);
      // how many complete in time is the machine's business: on a starved one, none may
      assertThat(r.completed() + r.failed() + r.inFlight()).isEqualTo(r.issued());
      assertThat(r.latency().getTotalCount()).isEqualTo(r.completed());
      assertThat(r.sendLag().getTotalCount()).isEqualTo(r.issued());
      if (r.completed() > 0) {
        assertThat(r.latencyMicros(100)).as("no reply counts after the deadline").isLessThanOrEqualTo(10_000_000.0);
      } else {
        assertThat(r.latencyMicros(100)).as("no reply, no latency (not a zero)").isNaN();
      }
    }
  }

  @Test
  void honoursTheDeadlineAndCountsTimeoutsApart() throws Exception {
    // the server answers after 30 s: a run that waited for the replies instead of the 100 ms
    // deadline would take that long; 15 s leaves room for a busy machine
    try (CountingServer slow = new CountingServer(30_000)) {
      long t0 = System.nanoTime();
      InvokeResult r = Invoker.builder().endpoints(slow.endpoint()).rps(50).seconds(1)
          .deadline(Duration.ofMillis(100)).build().run();
      double took = (System.nanoTime() - t0) / 1e9;
      assertThat(r.issued()).isBetween(49L, 50L);
      assertThat(r.completed()).isZero();
      // a starved client may also see a connection error before the deadline: counted apart too
      assertThat(r.timedOut()).isPositive();
      assertThat(r.failed()).isEqualTo(r.issued());
      assertThat(r.inFlight()).isZero();
      assertThat(took).as("returns after the deadline, not after the server's 30 s replies").isLessThan(15);
    }
  }

  @Test
  void completedLatenciesNeverExceedTheDeadline() throws Exception {
    try (CountingServer server = new CountingServer(30)) {
      InvokeResult r = Invoker.builder().endpoints(server.endpoint()).rps(200).seconds(1)
          .deadline(Duration.ofMillis(200)).build().run();
      // on a busy machine some replies (or all) come late: they count as failed, never as completed
      assertThat(r.completed() + r.failed()).isEqualTo(r.issued());
      if (r.completed() > 0) {
        assertThat(r.latencyMicros(100)).isBetween(30_000.0, 200_000.0);
      }
    }
  }

  @Test
  void unreachableServerCountsErrorsNotSuccesses() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    InvokeResult r = Invoker.builder().endpoints("127.0.0.1:" + closedPort).rps(100).seconds(0.5)
        .deadline(Duration.ofMillis(500)).build().run();
    assertThat(r.issued()).isBetween(49L, 50L);
    assertThat(r.completed()).isZero();
    assertThat(r.errors() + r.timedOut()).isEqualTo(r.issued());
  }

  @Test
  void dropsInFlightRequestsAtTheEndWhenAskedAsVhiveDid() throws Exception {
    try (CountingServer slow = new CountingServer(300)) {
      InvokeResult r = Invoker.builder().endpoints(slow.endpoint()).rps(100).seconds(1)
          .deadline(Duration.ofSeconds(2)).dropInFlightAtEnd(true).build().run();
      assertThat(r.inFlight()).isGreaterThan(10);
      assertThat(r.issued()).isEqualTo(r.completed() + r.failed() + r.inFlight());
      var m = r.metrics("slow", ScalingConfig.defaults()).build();
      assertThat(m.inFlight()).isEqualTo(r.inFlight());
      assertThat(m.issued()).isEqualTo(m.completed() + m.failed() + m.inFlight());
    }
  }

  @Test
  void boundsRequestsInFlightByRejectingTheExcess() throws Exception {
    try (CountingServer slow = new CountingServer(500)) {
      InvokeResult r = Invoker.builder().endpoints(slow.endpoint()).rps(100).seconds(1).maxInFlight(10)
          .deadline(Duration.ofSeconds(2)).build().run();
      assertThat(slow.calls.get()).isLessThanOrEqualTo(21);
      assertThat(r.rejected()).isGreaterThan(50);
      assertThat(r.completed() + r.failed()).isEqualTo(r.issued());
    }
  }

  @Test
  void spreadsRequestsRoundRobinOverEndpoints() throws Exception {
    try (CountingServer a = new CountingServer(0); CountingServer b = new CountingServer(0)) {
      // a generous deadline: every request is answered in time even on a starved machine
      InvokeResult r = Invoker.builder().endpoints(a.endpoint() + "," + b.endpoint()).rps(400).seconds(0.5)
          .deadline(Duration.ofSeconds(60)).build().run();
      assertThat(r.completed()).isEqualTo(200);
      // plus at most one uncounted warm-up call each, which a busy machine may time out before it lands
      assertThat(a.calls.get()).as("100 and the warm-up call").isBetween(100, 101);
      assertThat(b.calls.get()).as("100 and the warm-up call").isBetween(100, 101);
    }
  }

  @Test
  void newConnectionPerRequestStillCompletesEveryRequest() throws Exception {
    try (CountingServer server = new CountingServer(0)) {
      InvokeResult r = Invoker.builder().endpoints(server.endpoint()).rps(100).seconds(0.5)
          .deadline(Duration.ofSeconds(60)).newConnectionPerRequest(true).build().run();
      assertThat(r.completed()).isEqualTo(r.issued()).isEqualTo(50);
    }
  }

  @Test
  void followsAPoissonPatternAndWritesVhiveFormats(@TempDir Path dir) throws Exception {
    try (CountingServer server = new CountingServer(0)) {
      InvokeResult r = Invoker.builder().endpoints(server.endpoint()).pattern(LoadPattern.poisson(400))
          .seconds(1).seed(3).keepLatencies(true).build().run();
      assertThat(r.issued()).isBetween(320L, 480L);
      Path file = dir.resolve("lat.txt");
      r.writeVhiveLatencies(file);
      assertThat(Files.readAllLines(file)).hasSize((int) r.completed()).allMatch(l -> l.matches("\\d+"));
      assertThat(r.vhiveSummary()).matches(
          "Issued / completed requests: \\d+, \\d+\\RReal / target RPS: \\d+\\.\\d\\d / 400");
    }
  }

  @Test
  void bothClientsCountAnErrorStatusAsAnError() throws Exception {
    Server failing = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new GreeterGrpc.GreeterImplBase() {
          @Override public void sayHello(HelloRequest req, StreamObserver<HelloReply> reply) {
            reply.onError(Status.UNAVAILABLE.withDescription("no").asRuntimeException());
          }
        }).directExecutor().build().start();
    try {
      for (Invoker.Client client : Invoker.Client.values()) {
        InvokeResult r = Invoker.builder().endpoints("127.0.0.1:" + failing.getPort()).rps(100).seconds(0.5)
            .deadline(Duration.ofSeconds(60)).client(client).build().run();
        assertThat(r.issued()).as(client.name()).isEqualTo(50);
        assertThat(r.errors()).as(client.name()).isEqualTo(50);
        assertThat(r.completed()).as(client.name()).isZero();
      }
    } finally {
      failing.shutdownNow();
    }
  }

  @Test
  void requestsBeyondTheServersStreamLimitWaitTheirTurnOnBothClients() throws Exception {
    AtomicInteger running = new AtomicInteger(), most = new AtomicInteger();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    // two calls at a time, 20 ms each: 100 per second, half of what the invoker asks
    Server limited = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxConcurrentCallsPerConnection(2)
        .addService(new GreeterGrpc.GreeterImplBase() {
          @Override public void sayHello(HelloRequest req, StreamObserver<HelloReply> reply) {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            timer.schedule(() -> {
              running.decrementAndGet();
              reply.onNext(HelloReply.newBuilder().setMessage(req.getName()).build());
              reply.onCompleted();
            }, 20, TimeUnit.MILLISECONDS);
          }
        }).directExecutor().build().start();
    try {
      for (Invoker.Client client : Invoker.Client.values()) {
        InvokeResult r = Invoker.builder().endpoints("127.0.0.1:" + limited.getPort()).rps(200).seconds(0.5)
            .connections(1).deadline(Duration.ofSeconds(60)).client(client).build().run();
        assertThat(r.completed()).as(client.name() + ": queued in the client, all answered").isEqualTo(100);
        assertThat(r.latencyMicros(100)).as(client.name() + ": the last waited for the ones before")
            .isGreaterThan(250_000.0);
      }
      assertThat(most.get()).as("never more streams than the server allows").isLessThanOrEqualTo(2);
    } finally {
      limited.shutdownNow();
      timer.shutdownNow();
    }
  }

  @Test
  void aServerThatGoesAwayMidRunFailsTheRestInsteadOfHanging() throws Exception {
    for (Invoker.Client client : Invoker.Client.values()) {
      CountingServer server = new CountingServer(0);
      ScheduledExecutorService stopper = Executors.newSingleThreadScheduledExecutor();
      try {
        stopper.schedule(server::close, 700, TimeUnit.MILLISECONDS);
        InvokeResult r = Invoker.builder().endpoints(server.endpoint()).rps(200).seconds(2)
            .deadline(Duration.ofSeconds(60)).client(client).build().run();
        assertThat(r.issued()).as(client.name()).isEqualTo(400);
        assertThat(r.completed() + r.failed()).as(client.name()).isEqualTo(r.issued());
        assertThat(r.inFlight()).as(client.name()).isZero();
        assertThat(r.errors()).as(client.name() + ": the requests after the server left").isGreaterThan(100);
      } finally {
        stopper.shutdownNow();
        server.close();
      }
    }
  }

  @Test
  void rejectsBadInputWithOneClearMessage() {
    assertThatThrownBy(() -> Invoker.builder().rps(10).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> Invoker.builder().endpoints("localhost"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
    assertThatThrownBy(() -> Invoker.builder().endpoints("h:70000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..65535");
    assertThatThrownBy(() -> Invoker.builder().endpoints("h:1").rps(10).maxInFlight(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxInFlight");
  }
}
