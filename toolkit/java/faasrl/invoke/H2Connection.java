package faasrl.invoke;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufUtil;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import io.grpc.netty.shaded.io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext HTTP/2 connection that carries unary gRPC calls as frames encoded ahead of time, on
 * the invoker's event loop ({@link InvokerLoop}), as h2load does.
 *
 * <p>grpc-java builds a call, a stream, header maps and listeners for every request (about 5 kB);
 * here a request is two frames copied into a pooled buffer: HEADERS ({@link RequestHeaders}: the
 * fixed fields by HPACK index, then the request's {@code grpc-timeout}) and DATA (the framed message,
 * encoded once). A request's state is three slots of ring arrays indexed by its stream id. Replies
 * are parsed in place; only their header blocks go through Netty's HPACK decoder, which keeps the
 * server's dynamic table, into one reused header sink. Flow control, SETTINGS, PING and GOAWAY are
 * honoured; requests the server's window or stream limit holds back wait in order, as grpc-java's do.
 *
 * <p>Everything runs on the loop: {@link #send} must be called there, and outcomes are reported
 * there. Each request ends in exactly one outcome: completed (grpc-status 0), timed out (its
 * deadline passed, checked every millisecond, or the server said DEADLINE_EXCEEDED; the stream is
 * then reset), or failed (any other status, a reset stream, a lost connection).
 *
 * <!-- given: H2Connection.Outcome outcome -->
 * <pre>{@code
 * H2Connection c = H2Connection.open(Endpoint.parse("127.0.0.1:50051"), "/helloworld.Greeter/SayHello",
 *     HelloRequest.newBuilder().setName("x").build().toByteArray(), Duration.ofSeconds(5));
 * InvokerLoop.loop().execute(() -> c.send(System.nanoTime(), System.nanoTime() + 1_000_000_000L, outcome));
 * }</pre>
 */
final class H2Connection {
  /** What became of one request; called on the loop, exactly once per request sent. */
  interface Outcome {
    void completed(long due);

    void failed(long due, boolean timedOut);
  }

  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7,
      WINDOW_UPDATE = 0x8, CONTINUATION = 0x9;
  private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY = 0x20;
  private static final int CANCEL = 0x8;
  /** The receive window we offer, per stream and for the connection; replenished at half. */
  private static final int RECEIVE_WINDOW = 16 << 20;
  private static final int FRAME_HEADER = 9;
  private static final int GRPC_DEADLINE_EXCEEDED = 4;
  private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Endpoint endpoint;
  private final RequestHeaders headers;
  private final byte[] dataFrame;
  /** Set on the loop once connected; read by {@link #close} on the opener's thread. */
  private volatile Channel channel;
  private final StatusDecoder decoder = new StatusDecoder();
  private ByteBuf inbound;
  private ByteBuf headerFragments;
  private ScheduledFuture<?> sweeper;
  private boolean flushPending;
  private final Runnable flusher = () -> {
    flushPending = false;
    channel.flush();
  };

  // streams in flight, by (streamId >>> 1) & mask; oldest..next-1 are tracked, written..next-1 wait to be written
  private long[] due = new long[1024], deadlineAt = new long[1024];
  private Outcome[] owner = new Outcome[1024];
  private int mask = 1023;
  private int oldest = 1, written = 1, next = 1, open;
  private long sendWindow = 65_535, streamWindow = 65_535, maxConcurrent = Long.MAX_VALUE;
  private int unacknowledged;
  private int lastGoodStream = Integer.MAX_VALUE;
  private boolean closed;
  private int headerStream;
  private boolean headerEndStream;

  private H2Connection(Endpoint endpoint, String path, byte[] message) {
    this.endpoint = endpoint;
    headers = new RequestHeaders(path, endpoint.target());
    // the stream id (0 here) is set as each copy is written; the gRPC prefix: not compressed, length
    ByteBuf data = Unpooled.buffer(FRAME_HEADER + 5 + message.length);
    frameHeader(data, 5 + message.length, DATA, END_STREAM, 0);
    data.writeByte(0).writeInt(message.length).writeBytes(message);
    dataFrame = ByteBufUtil.getBytes(data);
  }

  /**
   * Connects and writes the connection preface, waiting at most {@code timeout}. A connection that
   * cannot be made is returned closed: every request sent on it fails at once, as grpc-java's
   * UNAVAILABLE calls do.
   *
   * @throws IllegalArgumentException if the message does not fit one 16 kB frame
   */
  static H2Connection open(Endpoint endpoint, String path, byte[] message, Duration timeout) {
    if (message.length > 16_384 - 5) {
      throw new IllegalArgumentException("request message of " + message.length + " bytes; at most 16379 fit a frame");
    }
    H2Connection c = new H2Connection(endpoint, path, message);
    ChannelFuture f = new Bootstrap().group(InvokerLoop.group()).channel(InvokerLoop.channelType())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        .handler(new Handler(c))
        .connect(endpoint.host(), endpoint.port());
    f.awaitUninterruptibly(timeout.toMillis() + 1000);
    if (!f.isSuccess()) {
      f.channel().close();
      // on the loop, where every other read of the state happens
      f.channel().eventLoop().submit(() -> c.closed = true).syncUninterruptibly();
    }
    return c;
  }

  /** Closes the connection; requests still in flight fail. */
  void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
  }

  /**
   * Sends one request due at {@code due} (nanoTime) that times out at {@code deadlineAt}. On the loop.
   * It waits, in order, while the server's window or stream limit holds it back.
   */
  void send(long due, long deadlineAt, Outcome outcome) {
    if (closed || next < 0 || next > lastGoodStream) {
      outcome.failed(due, false);
      return;
    }
    if (next - oldest >= (mask + 1) * 2) {
      grow();
    }
    int slot = (next >>> 1) & mask;
    this.due[slot] = due;
    this.deadlineAt[slot] = deadlineAt;
    owner[slot] = outcome;
    next += 2;
    writePending();
  }

  /** Writes waiting requests while the server's windows and stream limit allow. */
  private void writePending() {
    ByteBuf out = null;
    while (written < next && open < maxConcurrent && sendWindow >= dataFrame.length - FRAME_HEADER) {
      int stream = written;
      written += 2;
      int slot = (stream >>> 1) & mask;
      Outcome o = owner[slot];
      if (o == null) {
        continue;  // expired before it could leave
      }
      if (stream > lastGoodStream) {
        owner[slot] = null;  // the server said it takes no more streams
        o.failed(due[slot], false);
        continue;
      }
      if (out == null) {
        out = channel.alloc().directBuffer(256);
      }
      writeRequest(out, stream, deadlineAt[slot] - System.nanoTime());
      sendWindow -= dataFrame.length - FRAME_HEADER;
      open++;
    }
    if (out != null) {
      channel.write(out, channel.voidPromise());
      flushSoon();
    }
  }

  /**
   * Flushes once the loop has finished what it is doing, as grpc-java does: requests due together
   * leave in one write, and the server's thread, woken by that write, does not take the core while
   * the schedule is still sending (measured: p99 send lag 0.6-3.0 ms against 1.2-8.5 ms, p99.9 3.2-5.5
   * against 4.1-14.7 ms at 10,000 RPS on this 2-core machine).
   */
  private void flushSoon() {
    if (!flushPending) {
      flushPending = true;
      channel.eventLoop().execute(flusher);
    }
  }

  private void writeRequest(ByteBuf out, int stream, long timeoutNanos) {
    int start = out.writerIndex();
    out.writeZero(FRAME_HEADER);
    headers.write(out, timeoutNanos);
    int length = out.writerIndex() - start - FRAME_HEADER;
    out.setMedium(start, length);
    out.setByte(start + 3, HEADERS);
    out.setByte(start + 4, END_HEADERS);
    out.setInt(start + 5, stream);
    int data = out.writerIndex();
    out.writeBytes(dataFrame);
    out.setInt(data + 5, stream);
  }

  /** Times out requests past their deadline; every millisecond. */
  private void expire() {
    long now = System.nanoTime();
    while (oldest < next) {
      int slot = (oldest >>> 1) & mask;
      Outcome o = owner[slot];
      if (o != null) {
        if (deadlineAt[slot] > now) {
          break;
        }
        owner[slot] = null;
        if (oldest < written) {
          resetStream(oldest);
          open--;
        }
        o.failed(due[slot], true);
      }
      oldest += 2;
    }
    writePending();
  }

  /** Once connected, on the loop: the preface, our settings and a wider connection window. */
  private void start(Channel ch) {
    channel = ch;
    inbound = ch.alloc().heapBuffer(64 * 1024);
    headerFragments = Unpooled.buffer(1024);
    sweeper = ch.eventLoop().scheduleAtFixedRate(this::expire, SWEEP_NANOS, SWEEP_NANOS, TimeUnit.NANOSECONDS);
    ByteBuf out = channel.alloc().buffer(128);
    out.writeBytes(PREFACE);
    // SETTINGS: no push, our stream window; then the connection window
    frameHeader(out, 12, SETTINGS, 0, 0);
    out.writeShort(0x2).writeInt(0);
    out.writeShort(0x4).writeInt(RECEIVE_WINDOW);
    frameHeader(out, 4, WINDOW_UPDATE, 0, 0);
    out.writeInt(RECEIVE_WINDOW - 65_535);
    channel.writeAndFlush(out, channel.voidPromise());
  }

  private void read(ByteBuf in) {
    inbound.writeBytes(in);
    while (inbound.readableBytes() >= FRAME_HEADER) {
      int r = inbound.readerIndex();
      int length = inbound.getUnsignedMedium(r);
      if (inbound.readableBytes() < FRAME_HEADER + length) {
        break;
      }
      int type = inbound.getUnsignedByte(r + 3);
      int flags = inbound.getUnsignedByte(r + 4);
      int stream = inbound.getInt(r + 5) & 0x7fff_ffff;
      frame(type, flags, stream, r + FRAME_HEADER, length);
      inbound.readerIndex(r + FRAME_HEADER + length);
      if (closed) {
        return;
      }
    }
    inbound.discardReadBytes();
  }

  private void frame(int type, int flags, int stream, int at, int length) {
    switch (type) {
      case DATA -> {
        consumed(length);
        if ((flags & END_STREAM) != 0) {
          finish(stream, false, false);  // a reply without trailers has no status
        }
      }
      case HEADERS, CONTINUATION -> headers(type, flags, stream, at, length);
      case RST_STREAM -> finish(stream, false, false);
      case SETTINGS -> {
        if ((flags & ACK) == 0) {
          settings(at, length);
        }
      }
      case PING -> {
        if ((flags & ACK) == 0) {
          ByteBuf out = channel.alloc().buffer(FRAME_HEADER + 8);
          frameHeader(out, 8, PING, ACK, 0);
          out.writeBytes(inbound, at, 8);
          channel.writeAndFlush(out, channel.voidPromise());
        }
      }
      case GOAWAY -> {
        lastGoodStream = inbound.getInt(at) & 0x7fff_ffff;
        for (int s = Math.max(oldest, lastGoodStream + 1 | 1); s < next; s += 2) {
          finish(s, false, false);
        }
      }
      case WINDOW_UPDATE -> {
        if (stream == 0) {
          sendWindow += inbound.getInt(at) & 0x7fff_ffff;
          writePending();
        }
      }
      default -> { }  // PRIORITY, unknown extension frames
    }
  }

  private void headers(int type, int flags, int stream, int at, int length) {
    if (type == HEADERS) {
      int pad = (flags & PADDED) != 0 ? inbound.getUnsignedByte(at) : 0;
      int skip = ((flags & PADDED) != 0 ? 1 : 0) + ((flags & PRIORITY) != 0 ? 5 : 0);
      at += skip;
      length -= skip + pad;
      headerFragments.clear();
      headerStream = stream;
      headerEndStream = (flags & END_STREAM) != 0;
    }
    headerFragments.writeBytes(inbound, at, length);
    if ((flags & END_HEADERS) == 0) {
      return;
    }
    int status;
    try {
      status = decoder.grpcStatus(headerStream, headerFragments);
    } catch (Http2Exception e) {
      channel.close();
      return;
    }
    if (headerEndStream) {
      finish(headerStream, status == 0, status == GRPC_DEADLINE_EXCEEDED);
    }
  }

  private void settings(int at, int length) {
    for (int i = at; i + 6 <= at + length; i += 6) {
      int id = inbound.getUnsignedShort(i);
      long value = inbound.getUnsignedInt(i + 2);
      if (id == 0x1) {
        headers.tableSizeLimit(value);
      } else if (id == 0x3) {
        maxConcurrent = value;
      } else if (id == 0x4) {
        streamWindow = value;
      }
    }
    ByteBuf out = channel.alloc().buffer(FRAME_HEADER);
    frameHeader(out, 0, SETTINGS, ACK, 0);
    channel.writeAndFlush(out, channel.voidPromise());
    if (streamWindow < dataFrame.length - FRAME_HEADER) {
      channel.close();  // the server cannot take one request message; grpc-java would split it
      return;
    }
    writePending();
  }

  private void consumed(int bytes) {
    unacknowledged += bytes;
    if (unacknowledged >= RECEIVE_WINDOW / 2) {
      ByteBuf out = channel.alloc().buffer(FRAME_HEADER + 4);
      frameHeader(out, 4, WINDOW_UPDATE, 0, 0);
      out.writeInt(unacknowledged);
      channel.writeAndFlush(out, channel.voidPromise());
      unacknowledged = 0;
    }
  }

  /** Ends a stream that is still tracked (a late or unknown one is ignored). */
  private void finish(int stream, boolean ok, boolean timedOut) {
    if (stream < oldest || stream >= written || (stream & 1) == 0) {
      return;
    }
    int slot = (stream >>> 1) & mask;
    Outcome o = owner[slot];
    if (o == null) {
      return;
    }
    owner[slot] = null;
    open--;
    long d = due[slot];
    if (ok) {
      o.completed(d);
    } else {
      o.failed(d, timedOut);
    }
    writePending();
  }

  private void lost() {
    closed = true;
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    for (int s = oldest; s < next; s += 2) {
      int slot = (s >>> 1) & mask;
      Outcome o = owner[slot];
      if (o != null) {
        owner[slot] = null;
        o.failed(due[slot], false);
      }
    }
    oldest = written = next;
    if (inbound != null) {
      inbound.release();
      inbound = null;
    }
  }

  private void resetStream(int stream) {
    ByteBuf out = channel.alloc().buffer(FRAME_HEADER + 4);
    frameHeader(out, 4, RST_STREAM, 0, stream);
    out.writeInt(CANCEL);
    channel.writeAndFlush(out, channel.voidPromise());
  }

  /** Doubles the rings, keeping every tracked stream at its slot for the new mask. */
  private void grow() {
    int size = (mask + 1) * 2;
    long[] d = new long[size], dl = new long[size];
    Outcome[] o = new Outcome[size];
    for (int s = oldest; s < next; s += 2) {
      int from = (s >>> 1) & mask, to = (s >>> 1) & (size - 1);
      d[to] = due[from];
      dl[to] = deadlineAt[from];
      o[to] = owner[from];
    }
    due = d;
    deadlineAt = dl;
    owner = o;
    mask = size - 1;
  }

  private static void frameHeader(ByteBuf out, int length, int type, int flags, int stream) {
    out.writeMedium(length).writeByte(type).writeByte(flags).writeInt(stream);
  }

  @Override public String toString() {
    return "h2 " + endpoint + (closed ? " (closed)" : "") + ", " + (next - oldest) / 2 + " tracked";
  }

  /** The channel's one handler. */
  private static final class Handler extends ChannelInboundHandlerAdapter {
    private final H2Connection connection;

    Handler(H2Connection connection) {
      this.connection = connection;
    }

    @Override public void channelActive(ChannelHandlerContext ctx) {
      connection.start(ctx.channel());
    }

    @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        if (!connection.closed) {
          connection.read(in);
        }
      } finally {
        in.release();
      }
    }

    @Override public void channelInactive(ChannelHandlerContext ctx) {
      connection.lost();
    }

    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /**
   * Netty's HPACK decoder into one reused sink that keeps only {@code grpc-status}, so that the
   * server's dynamic table stays in step. A block made only of one-byte indexed fields (a server's
   * steady state: {@code :status 200} and {@code content-type}, then {@code grpc-status 0}) leaves
   * the table as it is, so its status is remembered by its bytes until a block with literals comes;
   * such a block then costs no allocation at all.
   */
  private static final class StatusDecoder extends DefaultHttp2HeadersDecoder {
    private static final int REMEMBERED = 8;
    private final StatusSink sink = new StatusSink();
    private final byte[][] blocks = new byte[REMEMBERED][];
    private final int[] statuses = new int[REMEMBERED];
    private int remembered;

    StatusDecoder() {
      super(false);
    }

    @Override protected Http2Headers newHeaders() {
      sink.grpcStatus = -1;
      sink.count = 0;
      return sink;
    }

    /** The block's grpc-status, or -1 if it has none. */
    int grpcStatus(int stream, ByteBuf block) throws Http2Exception {
      boolean indexedOnly = indexedOnly(block);
      if (indexedOnly) {
        for (int i = 0; i < remembered; i++) {
          if (sameBytes(blocks[i], block)) {
            return statuses[i];
          }
        }
      } else {
        remembered = 0;  // literals may have changed the table, and so what an index means
      }
      byte[] bytes = indexedOnly && remembered < REMEMBERED ? ByteBufUtil.getBytes(block) : null;
      decodeHeaders(stream, block);
      if (bytes != null) {
        blocks[remembered] = bytes;
        statuses[remembered++] = sink.grpcStatus;
      }
      return sink.grpcStatus;
    }

    private static boolean indexedOnly(ByteBuf block) {
      for (int i = block.readerIndex(); i < block.writerIndex(); i++) {
        int b = block.getUnsignedByte(i);
        if (b < 0x80 || b == 0xff) {
          return false;
        }
      }
      return true;
    }

    private static boolean sameBytes(byte[] a, ByteBuf b) {
      if (a.length != b.readableBytes()) {
        return false;
      }
      for (int i = 0; i < a.length; i++) {
        if (a[i] != b.getByte(b.readerIndex() + i)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final class StatusSink extends DefaultHttp2Headers {
    private static final String GRPC_STATUS = "grpc-status";
    int grpcStatus = -1;
    int count;

    StatusSink() {
      super(false);
    }

    @Override public Http2Headers add(CharSequence name, CharSequence value) {
      count++;
      if (name.length() == GRPC_STATUS.length() && AsciiString.contentEquals(name, GRPC_STATUS)) {
        int v = 0;
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          v = c >= '0' && c <= '9' ? v * 10 + (c - '0') : Integer.MAX_VALUE / 20;
        }
        grpcStatus = v;
      }
      return this;
    }

    @Override public int size() {
      return count;
    }
  }
}
