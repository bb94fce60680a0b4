package faasrl.invoke;

import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.invoke.proto.GreeterGrpc;
import faasrl.invoke.proto.HelloReply;
import faasrl.invoke.proto.HelloRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop gRPC load generator for {@code helloworld.Greeter/SayHello}, the vSwarm relay contract.
 *
 * <p>Requests leave on an absolute schedule drawn from a {@link LoadPattern} at nanosecond
 * resolution: a late request never delays the ones after it (no drift), and its latency counts from
 * the instant it was due, not from when it left (no coordinated omission, as wrk2 does). Each
 * request has a deadline counted from that instant; late replies are timeouts, not successes.
 * Endpoints are used round robin over connections that are kept open, as many per endpoint as the
 * rate needs ({@link #connectionsFor}), unless {@link Builder#newConnectionPerRequest} asks for
 * vHive's one connection per request. Sends, replies and the tally all run on the one event loop of
 * {@link InvokerLoop} without a lock. The invoker's own connections write frames encoded ahead of
 * time ({@link Client#FRAMES}, under 100 bytes allocated per request); caller-owned channels and a
 * connection per request go through grpc-java.
 *
 * <pre>{@code
 * InvokeResult r = Invoker.builder()
 *     .endpoints("127.0.0.1:50051", "127.0.0.1:50052")
 *     .pattern(LoadPattern.constant(2000))
 *     .seconds(5)
 *     .deadline(Duration.ofSeconds(1))
 *     .build()
 *     .run();
 * System.out.println(r.vhiveSummary());
 * }</pre>
 */
public final class Invoker {
  /** Default bound on requests outstanding at once; beyond it new requests are rejected, not queued. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;
  /** Requests per second that one connection carries before {@link #connectionsFor} adds another. */
  public static final int RPS_PER_CONNECTION = 5_000;
  /** Most connections per endpoint chosen by rate. */
  public static final int MAX_CONNECTIONS = 8;
  private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(5);
  private static final String PATH = "/" + GreeterGrpc.getSayHelloMethod().getFullMethodName();

  /** The HTTP/2 client of the invoker's own connections. */
  public enum Client {
    /**
     * Unary calls written as HTTP/2 frames encoded ahead of time, on the invoker's loop: no per-call
     * objects (the default).
     */
    FRAMES,
    /** grpc-java's client: about 5 kB of call, stream and header objects per request (for comparison). */
    GRPC_JAVA
  }

  private final List<Endpoint> endpoints;
  private final List<Channel> sharedChannels;
  private final LoadPattern pattern;
  private final long lengthNanos, offsetNanos, deadlineNanos, warmUpNanos;
  private final int maxInFlight, connections;
  private final boolean dropInFlight, newConnectionPerRequest, keepLatencies;
  private final Client client;
  private final HelloRequest request;
  private final long seed;

  private Invoker(Builder b) {
    endpoints = List.copyOf(b.endpoints);
    sharedChannels = List.copyOf(b.channels);
    pattern = b.pattern;
    lengthNanos = b.length.toNanos();
    offsetNanos = b.offset.toNanos();
    deadlineNanos = b.deadline.toNanos();
    warmUpNanos = b.warmUp.toNanos();
    maxInFlight = b.maxInFlight;
    connections = b.connections;
    dropInFlight = b.dropInFlight;
    newConnectionPerRequest = b.newConnectionPerRequest;
    keepLatencies = b.keepLatencies;
    client = b.client;
    request = HelloRequest.newBuilder().setName(b.payload).build();
    seed = b.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the warm-up (if any), then the measured schedule, blocking for their length plus up to one
   * deadline each to await replies.
   */
  public InvokeResult run() {
    double from = offsetNanos / 1e9;
    boolean ownsConnections = !newConnectionPerRequest && sharedChannels.isEmpty();
    byte[] message = request.toByteArray();
    List<H2Connection> framed = ownsConnections && client == Client.FRAMES
        ? connectionEndpoints(from).stream().map(e -> H2Connection.open(e, PATH, message, WARM_UP_TIMEOUT)).toList()
        : List.of();
    List<ManagedChannel> owned = ownsConnections && client == Client.GRPC_JAVA
        ? connectionEndpoints(from).stream().map(Invoker::open).toList()
        : List.of();
    List<Channel> channels = new ArrayList<>(sharedChannels.isEmpty() ? owned : sharedChannels);
    try {
      if (!newConnectionPerRequest) {
        warmUp(channels);
        warmUpFramed(framed);
      }
      if (warmUpNanos > 0) {
        schedule(channels, framed, from, warmUpNanos, new Tally(false));
      }
      Tally rec = new Tally(keepLatencies);
      schedule(channels, framed, from + warmUpNanos / 1e9, lengthNanos, rec);
      return rec.freeze(InvokeResult.builder(lengthNanos / 1e9,
          pattern.meanRps(from + warmUpNanos / 1e9, from + (warmUpNanos + lengthNanos) / 1e9)));
    } finally {
      owned.forEach(ManagedChannel::shutdownNow);
      framed.forEach(H2Connection::close);
    }
  }

  /** Sends the pattern's arrivals in (from, from + length] on time, then awaits replies unless dropping. */
  private void schedule(List<Channel> channels, List<H2Connection> framed, double from, long length, Tally rec) {
    Schedule s = new Schedule(new Sender(rec, channels, framed), from, length);
    s.start();
    try {
      s.finished.await();
    } catch (InterruptedException e) {
      s.cancelled = true;
      Thread.currentThread().interrupt();
      return;
    }
    if (!dropInFlight) {
      // every request has a deadline from its due time, so all are answered by then
      long until = System.nanoTime() + deadlineNanos + TimeUnit.SECONDS.toNanos(1);
      while (rec.unanswered() > 0 && System.nanoTime() < until) {
        LockSupport.parkNanos(1_000_000);
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
      }
    }
  }

  /**
   * The send instants of one run, walked on the invoker's event loop: each task sends every request
   * that is due and re-arms itself for the next instant. Nothing is sent early.
   */
  private final class Schedule implements Runnable {
    private final Sender sender;
    private final EventLoop loop = InvokerLoop.loop();
    private final SplittableRandom rng = new SplittableRandom(seed);
    private final double from, to;
    private final long length;
    private final CountDownLatch finished = new CountDownLatch(1);
    private long start;
    private double next;
    private volatile boolean cancelled;

    Schedule(Sender sender, double from, long length) {
      this.sender = sender;
      this.from = from;
      this.length = length;
      this.to = from + length / 1e9;
    }

    void start() {
      loop.execute(() -> {
        start = System.nanoTime();
        next = pattern.nextArrival(from, rng);
        run();
      });
    }

    @Override public void run() {
      long now = System.nanoTime();
      // 1 ns of slack absorbs rounding in summed periods
      while (!cancelled && next <= to + 1e-9) {
        long due = start + Math.round((next - from) * 1e9);
        if (due > now) {
          loop.schedule(this, due - now, TimeUnit.NANOSECONDS);
          return;
        }
        sender.send(due, now);
        next = pattern.nextArrival(next, rng);
        now = System.nanoTime();
      }
      long end = start + length;
      if (!cancelled && end > now) {
        loop.schedule(finished::countDown, end - now, TimeUnit.NANOSECONDS);
      } else {
        finished.countDown();
      }
    }
  }

  /**
   * Sends one request and tallies its outcome, on the invoker's loop. On framed connections nothing
   * is allocated per request (the sender is every request's {@link H2Connection.Outcome}); through
   * grpc-java, a call and one {@link Reply} listener. The counters are lock-free.
   */
  private final class Sender implements H2Connection.Outcome {
    private final Tally rec;
    private final List<Channel> channels;
    private final List<H2Connection> framed;
    private final AtomicInteger inFlight = new AtomicInteger();
    private int next;

    Sender(Tally rec, List<Channel> channels, List<H2Connection> framed) {
      this.rec = rec;
      this.channels = channels;
      this.framed = framed;
    }

    /** A reply with status OK; one after the deadline is a timeout. Both clients end here. */
    @Override public void completed(long due) {
      long latency = System.nanoTime() - due;
      inFlight.decrementAndGet();
      if (latency > deadlineNanos) {
        rec.timedOut();
      } else {
        rec.completed(latency / 1000);
      }
    }

    @Override public void failed(long due, boolean timedOut) {
      inFlight.decrementAndGet();
      if (timedOut) {
        rec.timedOut();
      } else {
        rec.error();
      }
    }

    void send(long due, long now) {
      if (inFlight.get() >= maxInFlight) {
        rec.rejected();
        return;
      }
      rec.issued(now - due);
      long remaining = due + deadlineNanos - now;
      if (remaining <= 0) {
        rec.timedOut();
        return;
      }
      if (!framed.isEmpty()) {
        inFlight.incrementAndGet();
        framed.get(next++ % framed.size()).send(due, due + deadlineNanos, this);
        return;
      }
      ManagedChannel perRequest = newConnectionPerRequest ? open(endpoints.get(next++ % endpoints.size())) : null;
      Channel ch = perRequest != null ? perRequest : channels.get(next++ % channels.size());
      ClientCall<HelloRequest, HelloReply> call = ch.newCall(GreeterGrpc.getSayHelloMethod(),
          CallOptions.DEFAULT.withDeadlineAfter(remaining, TimeUnit.NANOSECONDS));
      inFlight.incrementAndGet();
      call.start(new Reply(due, perRequest), new Metadata());
      call.sendMessage(request);
      call.halfClose();
      call.request(1);
    }

    /** The outcome of one call, on the channel's thread (the loop, for the invoker's own channels). */
    private final class Reply extends ClientCall.Listener<HelloReply> {
      private final long due;
      private final ManagedChannel perRequest;

      Reply(long due, ManagedChannel perRequest) {
        this.due = due;
        this.perRequest = perRequest;
      }

      @Override public void onClose(Status status, Metadata trailers) {
        if (status.isOk()) {
          completed(due);
        } else {
          failed(due, status.getCode() == Status.Code.DEADLINE_EXCEEDED);
        }
        if (perRequest != null) {
          perRequest.shutdown();
        }
      }
    }
  }

  /**
   * One entry per connection to open: as many per endpoint as asked, else by the run's mean rate
   * ({@link #connectionsFor}). Each endpoint's connections are interleaved, so round robin spreads
   * requests over endpoints first.
   */
  private List<Endpoint> connectionEndpoints(double from) {
    int n = connections > 0 ? connections
        : connectionsFor(pattern.meanRps(from, from + (warmUpNanos + lengthNanos) / 1e9));
    List<Endpoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.addAll(endpoints);
    }
    return out;
  }

  /**
   * Connections per endpoint for a mean rate: one per {@value #RPS_PER_CONNECTION} requests per
   * second, at least 1 and at most {@value #MAX_CONNECTIONS}. One HTTP/2 connection is served by
   * one server thread, so a single one caps the rate at what that thread answers.
   */
  public static int connectionsFor(double rps) {
    return (int) Math.max(1, Math.min(MAX_CONNECTIONS, Math.ceil(rps / RPS_PER_CONNECTION)));
  }

  private static ManagedChannel open(Endpoint e) {
    return InvokerLoop.channel(e);
  }

  /**
   * Connects and sends one uncounted request on every channel before the schedule starts, so that
   * the first scheduled requests pay neither the handshake nor the client's class loading.
   */
  private void warmUp(List<Channel> channels) {
    for (Channel c : channels) {
      try {
        GreeterGrpc.newBlockingStub(c).withDeadlineAfter(WARM_UP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
            .sayHello(request);
      } catch (StatusRuntimeException e) {
        // an unreachable endpoint shows up as failures of the scheduled requests
      }
    }
  }

  /** One uncounted request on every framed connection, as {@link #warmUp} does through grpc-java. */
  private static void warmUpFramed(List<H2Connection> framed) {
    CountDownLatch answered = new CountDownLatch(framed.size());
    H2Connection.Outcome countDown = new H2Connection.Outcome() {
      @Override public void completed(long due) {
        answered.countDown();
      }

      @Override public void failed(long due, boolean timedOut) {
        answered.countDown();  // an unreachable endpoint shows up in the scheduled requests
      }
    };
    for (H2Connection c : framed) {
      InvokerLoop.loop().execute(() -> {
        long now = System.nanoTime();
        c.send(now, now + WARM_UP_TIMEOUT.toNanos(), countDown);
      });
    }
    try {
      answered.await(WARM_UP_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Fluent, validating builder. */
  public static final class Builder {
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private LoadPattern pattern;
    private Duration length = Duration.ofSeconds(10);
    private Duration offset = Duration.ZERO;
    private Duration deadline = Load.DEFAULT_DEADLINE;
    private Duration warmUp = Duration.ZERO;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private int connections;
    private boolean dropInFlight, newConnectionPerRequest, keepLatencies;
    private String payload = "faasrl";
    private long seed = 1;
    private Client client = Client.FRAMES;

    private Builder() {}

    /** Servers to call round robin, each {@code host:port}. */
    public Builder endpoints(String... hostPorts) {
      for (String s : hostPorts) {
        endpoints.addAll(Endpoint.parseList(s));
      }
      return this;
    }

    public Builder endpoints(List<Endpoint> v) {
      endpoints.addAll(v);
      return this;
    }

    /**
     * Channels owned by the caller (kept open across runs, e.g. by a cluster backend); used round
     * robin instead of opening one per endpoint, and not closed by the invoker.
     */
    public Builder channels(List<? extends Channel> v) {
      channels.addAll(v);
      return this;
    }

    public Builder pattern(LoadPattern v) {
      pattern = Objects.requireNonNull(v, "pattern");
      return this;
    }

    /**
     * The part of one step of load that concerns {@code function}: its pattern, the step's length,
     * offset and deadline, and whether latencies are kept.
     */
    public Builder step(Load load, String function) {
      LoadPattern p = load.patterns().get(function);
      if (p == null) {
        throw new IllegalArgumentException("the load has no pattern for '" + function + "'");
      }
      return pattern(p).length(load.length()).offset(load.offset()).deadline(load.deadline())
          .keepLatencies(load.recordLatencies());
    }

    /** Shorthand for a constant, evenly spaced rate. */
    public Builder rps(double v) {
      return pattern(LoadPattern.constant(v));
    }

    public Builder length(Duration v) {
      length = Objects.requireNonNull(v, "length");
      return this;
    }

    /** Length in seconds: more than 0, at most a step's longest ({@link Load#MAX_LENGTH}, one day). */
    public Builder seconds(double s) {
      if (!(s > 0) || s > Load.MAX_LENGTH.toSeconds()) {
        throw new IllegalArgumentException("seconds must be > 0 and at most " + Load.MAX_LENGTH.toSeconds()
            + ", was " + s);
      }
      return length(Duration.ofNanos(Math.round(s * 1e9)));
    }

    /** Pattern time at which the run starts (a long experiment keeps one pattern across steps). */
    public Builder offset(Duration v) {
      offset = Objects.requireNonNull(v, "offset");
      return this;
    }

    /** Per-request deadline, counted from the request's intended send time. */
    public Builder deadline(Duration v) {
      deadline = Objects.requireNonNull(v, "deadline");
      return this;
    }

    /**
     * Runs the pattern this long before the measured run, uncounted, so that both JVMs compile
     * their hot paths first (the measured run then starts where the warm-up ended in pattern time).
     */
    public Builder warmUp(Duration v) {
      warmUp = Objects.requireNonNull(v, "warmUp");
      return this;
    }

    public Builder maxInFlight(int v) {
      maxInFlight = v;
      return this;
    }

    /**
     * Connections the invoker opens to each endpoint, 1..{@value #MAX_CONNECTIONS}; 0 (the default)
     * chooses by the run's mean rate ({@link Invoker#connectionsFor}). Not used with caller-owned
     * channels or a connection per request.
     */
    public Builder connections(int v) {
      if (v < 0 || v > MAX_CONNECTIONS) {
        throw new IllegalArgumentException("connections must be 0 (by rate) to " + MAX_CONNECTIONS + ", was " + v);
      }
      connections = v;
      return this;
    }

    /** Stop at the schedule's end and leave unanswered requests in flight, as vHive's invoker did. */
    public Builder dropInFlightAtEnd(boolean v) {
      dropInFlight = v;
      return this;
    }

    /** A new connection for every request, as vHive's invoker did (slow; for comparison). */
    public Builder newConnectionPerRequest(boolean v) {
      newConnectionPerRequest = v;
      return this;
    }

    /** Keep every latency (for vHive's latency file and per-request tables). */
    public Builder keepLatencies(boolean v) {
      keepLatencies = v;
      return this;
    }

    /** The {@code name} field of every HelloRequest. */
    public Builder payload(String v) {
      payload = Objects.requireNonNull(v, "payload");
      return this;
    }

    /**
     * The HTTP/2 client of the invoker's own connections: {@link Client#FRAMES} (the default) or
     * grpc-java's. Caller-owned channels and a connection per request always use grpc-java.
     */
    public Builder client(Client v) {
      client = Objects.requireNonNull(v, "client");
      return this;
    }

    /** Seed of Poisson arrivals. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Invoker build() {
      if (pattern == null) {
        throw new IllegalArgumentException("invoker needs a load pattern (pattern or rps)");
      }
      if (endpoints.isEmpty() && channels.isEmpty()) {
        throw new IllegalArgumentException("invoker needs at least one endpoint host:port");
      }
      if (newConnectionPerRequest && endpoints.isEmpty()) {
        throw new IllegalArgumentException("newConnectionPerRequest needs endpoints, not channels");
      }
      if (length.isNegative() || length.isZero() || length.compareTo(Load.MAX_LENGTH) > 0) {
        throw new IllegalArgumentException("length must be > 0 and at most " + Load.MAX_LENGTH + ", was " + length);
      }
      if (offset.isNegative()) {
        throw new IllegalArgumentException("offset must be >= 0, was " + offset);
      }
      if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(Load.MAX_DEADLINE) > 0) {
        throw new IllegalArgumentException("deadline must be > 0 and at most " + Load.MAX_DEADLINE + ", was "
            + deadline);
      }
      if (warmUp.isNegative() || warmUp.compareTo(Load.MAX_LENGTH) > 0) {
        throw new IllegalArgumentException("warmUp must be 0.." + Load.MAX_LENGTH + ", was " + warmUp);
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
      }
      return new Invoker(this);
    }
  }
}
