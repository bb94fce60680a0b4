package faasrl.local.shop;

import faasrl.invoke.Endpoint;
import faasrl.invoke.proto.GreeterGrpc;
import faasrl.invoke.proto.HelloRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The functions a function calls over gRPC (SayHello), each at one or more endpoints used round
 * robin. Parsed from {@code name=host:port|host:port,name2=host:port}.
 */
public final class Downstream implements AutoCloseable {
  private static final long CALL_DEADLINE_MS = 5_000;
  private final Map<String, List<ManagedChannel>> channels = new HashMap<>();
  private final AtomicInteger next = new AtomicInteger();

  private Downstream() {}

  /** No downstream functions. */
  public static Downstream none() {
    return new Downstream();
  }

  /** Parses {@code name=host:port|host:port,name2=host:port} (empty: none). */
  public static Downstream parse(String spec) {
    Downstream d = new Downstream();
    if (spec == null || spec.isBlank()) {
      return d;
    }
    for (String entry : spec.split(",")) {
      String[] kv = entry.split("=", 2);
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new IllegalArgumentException("downstream entry '" + entry + "' is not name=host:port[|host:port]");
      }
      List<ManagedChannel> list = java.util.Arrays.stream(kv[1].split("\\|")).map(Endpoint::parse)
          .map(e -> Grpc.newChannelBuilder(e.target(), InsecureChannelCredentials.create()).build())
          .toList();
      d.channels.put(kv[0].trim(), list);
    }
    return d;
  }

  /** Calls {@code function} with {@code payload} and returns its reply; a gRPC error if it fails. */
  public String call(String function, String payload) {
    List<ManagedChannel> list = channels.get(function);
    if (list == null) {
      throw Status.FAILED_PRECONDITION.withDescription("no endpoint for downstream function " + function)
          .asRuntimeException();
    }
    ManagedChannel ch = list.get(Math.floorMod(next.getAndIncrement(), list.size()));
    return GreeterGrpc.newBlockingStub(ch).withDeadlineAfter(CALL_DEADLINE_MS, TimeUnit.MILLISECONDS)
        .sayHello(HelloRequest.newBuilder().setName(payload).build()).getMessage();
  }

  @Override public void close() {
    channels.values().forEach(l -> l.forEach(ManagedChannel::shutdownNow));
  }
}
