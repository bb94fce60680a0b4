package faasrl.local;

import faasrl.invoke.proto.GreeterGrpc;
import faasrl.invoke.proto.HelloReply;
import faasrl.invoke.proto.HelloRequest;
import faasrl.local.shop.Downstream;
import faasrl.local.shop.ShopFunctions;
import faasrl.local.shop.ShopFunction;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on 127.0.0.1 that serves {@code helloworld.Greeter/SayHello} by doing one
 * online-shop function's work ({@link ShopFunctions}). The {@code local} backend runs each replica as
 * one of these in its own JVM; tests and benchmarks may also run one in-process.
 *
 * <pre>
 * java -cp target/faasrl.jar faasrl.local.FunctionServer --function adservice --port 50051
 * </pre>
 *
 * <pre>{@code
 * try (FunctionServer s = FunctionServer.start("noop", 0, 0, Downstream.none())) {
 *   Invoker.builder().endpoints("127.0.0.1:" + s.port()).rps(1000).seconds(2).build().run();
 * }
 * }</pre>
 *
 * <p>Options: {@code --function NAME} (required), {@code --port P} (0 picks a free one),
 * {@code --concurrency C} (requests served at once, 0 = unlimited, like containerConcurrency),
 * {@code --downstream name=host:port|host:port,...} (functions this one calls),
 * {@code --function profile --cpu-quantiles-us Q0,...,Q100 [--hold-memory-mib N]} (the generic
 * {@link ProfileFunction}: busy CPU per call drawn from the quantiles, N MiB held),
 * {@code --exit-at-stdin-eof} (exit when standard input ends: the local backend keeps a pipe open to
 * every replica, so a replica never outlives it, even when it dies while the replica starts). Prints
 * {@code listening on 127.0.0.1:PORT} once it serves, and exits when its parent process does.
 */
public final class FunctionServer implements AutoCloseable {
  /** The line prefix printed once the server serves; the port follows. */
  public static final String READY_LINE = "listening on 127.0.0.1:";
  /** The flag that makes a replica exit when its standard input reaches end of file. */
  public static final String EXIT_AT_STDIN_EOF = "--exit-at-stdin-eof";

  private final Server server;
  private final ExecutorService executor;
  private final Downstream downstream;

  private FunctionServer(Server server, ExecutorService executor, Downstream downstream) {
    this.server = server;
    this.executor = executor;
    this.downstream = downstream;
  }

  /**
   * Starts serving {@code function} on 127.0.0.1:{@code port} (0: a free port), at most
   * {@code concurrency} requests at once (0: unlimited).
   */
  public static FunctionServer start(String function, int port, int concurrency, Downstream downstream) {
    return start(function, ShopFunctions.create(function, downstream), port, concurrency, downstream);
  }

  /**
   * Starts serving {@code work} (e.g. a {@link ProfileFunction}) under {@code function}'s name on
   * 127.0.0.1:{@code port}, at most {@code concurrency} requests at once (0: unlimited).
   */
  public static FunctionServer start(String function, ShopFunction work, int port, int concurrency,
      Downstream downstream) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (concurrency < 0) {
      throw new IllegalArgumentException("concurrency must be >= 0 (0 = unlimited), was " + concurrency);
    }
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .addService(new Greeter(work));
    ExecutorService executor = null;
    if (function.equals("noop")) {
      b.directExecutor(); // nothing to do: answer on the network thread
    } else {
      executor = concurrency == 0 ? Executors.newCachedThreadPool() : Executors.newFixedThreadPool(concurrency);
      b.executor(executor);
    }
    try {
      return new FunctionServer(b.build().start(), executor, downstream);
    } catch (IOException e) {
      if (executor != null) {
        executor.shutdownNow();
      }
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  @Override public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    downstream.close();
  }

  /** Runs one replica; see the class comment for its options. */
  public static void main(String[] args) throws InterruptedException {
    for (String a : args) {
      if (a.equals(EXIT_AT_STDIN_EOF)) {
        exitAtStdinEof(); // first, before any slow start-up: the parent may die at any instant
      }
    }
    String function = null, downstream = "", quantiles = null;
    int port = 0, concurrency = 0, memoryMiB = 0;
    FunctionServer s;
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case EXIT_AT_STDIN_EOF -> {
            continue; // a flag without a value
          }
          case "--function" -> function = value;
          case "--port" -> port = Integer.parseInt(value);
          case "--concurrency" -> concurrency = Integer.parseInt(value);
          case "--downstream" -> downstream = value;
          case "--cpu-quantiles-us" -> quantiles = value;
          case "--hold-memory-mib" -> memoryMiB = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + " (expected --function NAME [--port P] [--concurrency C] [--downstream SPEC]"
              + " [--cpu-quantiles-us Q0,...,Q100] [--hold-memory-mib N])");
        }
        i++;
      }
      if (function == null) {
        throw new IllegalArgumentException("--function NAME is required (one of " + ShopFunctions.names() + ")");
      }
      if (function.equals(ProfileFunction.NAME) != (quantiles != null)) {
        throw new IllegalArgumentException("--function " + ProfileFunction.NAME + " goes with --cpu-quantiles-us "
            + "(and only it)");
      }
      if (memoryMiB < 0) {
        throw new IllegalArgumentException("--hold-memory-mib must be >= 0, was " + memoryMiB);
      }
      s = quantiles == null ? start(function, port, concurrency, Downstream.parse(downstream))
          : start(function, ProfileFunction.parse(quantiles).holdMemory(memoryMiB), port, concurrency,
              Downstream.none());
    } catch (IllegalArgumentException | NullPointerException e) {
      System.err.println("function-server: " + (e instanceof NumberFormatException ? "not a number: "
          + e.getMessage() : e.getMessage()));
      System.exit(2);
      return;
    }
    // never outlive the backend that started us, even if it was killed
    ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println(READY_LINE + s.port());
    System.out.flush();
    s.server.awaitTermination();
  }

  /**
   * Exits once standard input ends. The parent holds the pipe's only write end, and the kernel
   * closes it when the parent dies however it dies, so EOF here means the parent is gone.
   */
  private static void exitAtStdinEof() {
    Thread watch = new Thread(() -> {
      byte[] buf = new byte[64];
      try {
        while (System.in.read(buf) >= 0) {
          // nothing is sent; read until the end
        }
      } catch (java.io.IOException e) {
        // a broken pipe ends it too
      }
      System.exit(0);
    }, "parent-watch");
    watch.setDaemon(true);
    watch.start();
  }

  /** SayHello: one request's work. */
  private static final class Greeter extends GreeterGrpc.GreeterImplBase {
    private final ShopFunction work;
    private final ThreadLocal<SplittableRandom> rng;

    Greeter(ShopFunction work) {
      this.work = work;
      SplittableRandom seeds = new SplittableRandom();
      this.rng = ThreadLocal.withInitial(() -> {
        synchronized (seeds) {
          return seeds.split();
        }
      });
    }

    @Override public void sayHello(HelloRequest request, StreamObserver<HelloReply> reply) {
      String message;
      try {
        message = work.handle(request.getName(), rng.get());
      } catch (StatusRuntimeException e) {
        reply.onError(e);
        return;
      } catch (RuntimeException e) {
        reply.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
        return;
      }
      reply.onNext(HelloReply.newBuilder().setMessage(message).build());
      reply.onCompleted();
    }
  }
}
