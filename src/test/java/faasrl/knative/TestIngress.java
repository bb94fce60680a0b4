package faasrl.knative;

import faasrl.invoke.proto.GreeterGrpc;
import faasrl.invoke.proto.HelloReply;
import faasrl.invoke.proto.HelloRequest;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real gRPC Greeter on 127.0.0.1 standing where Knative's ingress would be: it answers SayHello
 * and records each call's authority, which is what Knative routes on.
 */
final class TestIngress implements AutoCloseable {
  final List<String> authorities = new CopyOnWriteArrayList<>();
  private final Server server;

  TestIngress() throws Exception {
    ServerInterceptor recordAuthority = new ServerInterceptor() {
      @Override public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        authorities.add(call.getAuthority());
        return next.startCall(call, headers);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(new GreeterGrpc.GreeterImplBase() {
          @Override public void sayHello(HelloRequest req, StreamObserver<HelloReply> reply) {
            reply.onNext(HelloReply.newBuilder().setMessage("ok").build());
            reply.onCompleted();
          }
        }, recordAuthority)).build().start();
  }

  int port() {
    return server.getPort();
  }

  @Override public void close() {
    server.shutdownNow();
  }
}
