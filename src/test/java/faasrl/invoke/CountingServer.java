package faasrl.invoke;

import faasrl.invoke.proto.GreeterGrpc;
import faasrl.invoke.proto.HelloReply;
import faasrl.invoke.proto.HelloRequest;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real gRPC Greeter on 127.0.0.1 that counts calls and answers after a fixed delay. */
final class CountingServer implements AutoCloseable {
  final AtomicInteger calls = new AtomicInteger();
  private final Server server;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  CountingServer(long delayMillis) throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new GreeterGrpc.GreeterImplBase() {
          @Override public void sayHello(HelloRequest req, StreamObserver<HelloReply> reply) {
            calls.incrementAndGet();
            Runnable answer = () -> {
              reply.onNext(HelloReply.newBuilder().setMessage(req.getName()).build());
              reply.onCompleted();
            };
            if (delayMillis == 0) {
              answer.run();
            } else {
              timer.schedule(answer, delayMillis, TimeUnit.MILLISECONDS);
            }
          }
        }).directExecutor().build().start();
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override public void close() {
    server.shutdownNow();
    timer.shutdownNow();
  }
}
