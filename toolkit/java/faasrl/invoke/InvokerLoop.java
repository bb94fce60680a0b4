package faasrl.invoke;

import io.grpc.ManagedChannel;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutionException;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.SelectStrategy;
import io.grpc.netty.shaded.io.netty.channel.SelectStrategyFactory;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.SocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one thread that sends requests, writes them to their connections and reads the replies, as
 * h2load does: the schedule runs as timed tasks on the same event loop that owns the invoker's
 * connections, so a request never waits for a hand-off between threads and no thread spins. Epoll
 * (timers to the microsecond) where Linux has it, NIO elsewhere.
 *
 * <pre>{@code
 * ManagedChannel ch = InvokerLoop.channel(Endpoint.parse("127.0.0.1:50051"));  // lives on the loop
 * Invoker.builder().channels(List.of(ch)).rps(5000).seconds(5).build().run();
 * }</pre>
 */
public final class InvokerLoop {
  private static final boolean EPOLL = Epoll.isAvailable() && !Boolean.getBoolean("faasrl.invoker.nio");
  /** Whether the epoll loop polls without sleeping; see {@link #busyPoll(boolean)}. */
  private static volatile boolean busyPoll;
  /** Netty's default strategy (poll at once if tasks wait, else sleep in epoll_wait) unless {@link #busyPoll}. */
  private static final SelectStrategyFactory POLL_OR_SLEEP = () -> (pollNow, hasTasks) ->
      busyPoll || hasTasks ? pollNow.get() : SelectStrategy.SELECT;
  private static final EventLoopGroup GROUP = EPOLL
      ? new EpollEventLoopGroup(1, new DefaultThreadFactory("faasrl-invoker", true), POLL_OR_SLEEP)
      : new NioEventLoopGroup(1, new DefaultThreadFactory("faasrl-invoker", true));

  /** The loop thread's id, found on first use (not in the static initializer, which the loop would wait for). */
  private static volatile long threadId = -1;

  private InvokerLoop() {}

  /**
   * Bytes the loop's thread has allocated since it started (HotSpot's per-thread counter): the
   * difference over a run, divided by its requests, is the send path's allocation per request.
   */
  public static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(loopThreadId());
  }

  private static long loopThreadId() {
    if (threadId >= 0) {
      return threadId;
    }
    try {
      threadId = GROUP.next().submit(() -> Thread.currentThread().getId()).get();
      return threadId;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the invoker loop", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the invoker loop did not start", e);
    }
  }

  /**
   * Whether the loop (epoll only) polls its connections and timers without ever sleeping, so that no
   * send waits for a sleeping core to wake: on this 2-core virtual machine a timer due every 1 ms woke
   * with a p99 lateness of 0.16-0.20 ms asleep and 0.03 ms polling. It keeps a core fully busy, so
   * only {@link LoopCore} turns it on, once the loop has a core of its own. Takes effect at the loop's
   * next wake-up.
   */
  static void busyPoll(boolean on) {
    busyPoll = on;
  }

  /** The single event loop: schedules, connections and replies. */
  static EventLoop loop() {
    return GROUP.next();
  }

  static EventLoopGroup group() {
    return GROUP;
  }

  /** The socket channel class of the loop's transport. */
  static Class<? extends SocketChannel> channelType() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** A plaintext HTTP/2 channel on the invoker's loop; replies are handled on the loop itself. */
  public static ManagedChannel channel(Endpoint e) {
    return channelBuilder(e.target()).build();
  }

  /** A builder of such channels, for callers that set more (e.g. {@code overrideAuthority}). */
  public static NettyChannelBuilder channelBuilder(String target) {
    return NettyChannelBuilder.forTarget(target).eventLoopGroup(GROUP)
        .channelType(channelType())
        .negotiationType(NegotiationType.PLAINTEXT).directExecutor()
        // a retriable call wraps every stream (about 0.4 kB a request); the invoker never retries
        .disableRetry();
  }
}
