package faasrl.invoke;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * HPACK encoding (RFC 7541) of a unary gRPC request's header block on one connection: {@code :method
 * POST}, {@code :scheme http}, {@code :path}, {@code :authority}, {@code content-type}, {@code te},
 * {@code user-agent} and the request's own {@code grpc-timeout}.
 *
 * <p>The first block inserts the fixed fields into the server's dynamic table; every later one names
 * them by index, one byte each, and writes only the timeout's digits. The server then decodes a
 * request without building a string, as it does for grpc-java's client (literals cost a loaded server
 * about 1 kB of garbage per request, and its collector's pauses take the invoker's core too). If the
 * server's {@code SETTINGS_HEADER_TABLE_SIZE} leaves no room for the entries, blocks fall back to
 * literals that are never indexed.
 *
 * <!-- given: io.grpc.netty.shaded.io.netty.buffer.ByteBuf out -->
 * <pre>{@code
 * RequestHeaders h = new RequestHeaders("/helloworld.Greeter/SayHello", "127.0.0.1:50051");
 * h.write(out, 1_000_000_000L);   // first block: literals with incremental indexing
 * h.write(out, 999_000_000L);     // later blocks: 0x83 0x86 and one index byte per fixed field
 * }</pre>
 */
final class RequestHeaders {
  /** The table size a peer allows until its SETTINGS say otherwise (RFC 7540, 6.5.2). */
  private static final long DEFAULT_TABLE_SIZE = 4096;
  private static final int STATIC_ENTRIES = 61;
  private static final String TIMEOUT = "grpc-timeout";
  private static final char[] TIMEOUT_UNITS = {'n', 'u', 'm', 'S', 'M', 'H'};
  private static final long[] TIMEOUT_DIVISORS = {1, 1_000, 1_000_000, 1_000_000_000L, 60_000_000_000L,
      3_600_000_000_000L};

  private final byte[] inserting, indexed, plain;
  /** The entries' size in the table (RFC 7541, 4.1), with room for the longest timeout. */
  private final long entriesSize;
  private long tableSize = DEFAULT_TABLE_SIZE;
  private boolean inserted, sizeUpdatePending;

  RequestHeaders(String path, String authority) {
    String[][] fixed = {{":path", path}, {":authority", authority}, {"content-type", "application/grpc"},
        {"te", "trailers"}, {"user-agent", "faasrl-h2"}};
    int[] staticName = {4, 1, 31, 0, 58};
    ByteBuf ins = Unpooled.buffer(), idx = Unpooled.buffer(), lit = Unpooled.buffer();
    long size = TIMEOUT.length() + 9 + 32;
    for (ByteBuf b : new ByteBuf[] {ins, idx, lit}) {
      b.writeByte(0x83).writeByte(0x86);  // :method POST (static 3), :scheme http (static 6)
    }
    for (int i = 0; i < fixed.length; i++) {
      literal(ins, 0x40, 6, staticName[i], fixed[i][0], fixed[i][1]);
      literal(lit, 0x00, 4, staticName[i], fixed[i][0], fixed[i][1]);
      size += fixed[i][0].length() + fixed[i][1].length() + 32;
    }
    // inserted in order, so the newest (grpc-timeout, inserted last) is 62 and :path the oldest
    for (int i = 0; i < fixed.length; i++) {
      integer(idx, 0x80, 7, STATIC_ENTRIES + 1 + fixed.length - i);
    }
    inserting = bytes(ins);
    indexed = bytes(idx);
    plain = bytes(lit);
    entriesSize = size;
  }

  /** Appends one request's header block, its deadline {@code timeoutNanos} from now. */
  void write(ByteBuf out, long timeoutNanos) {
    if (sizeUpdatePending) {
      integer(out, 0x20, 5, (int) Math.min(tableSize, Integer.MAX_VALUE));
      sizeUpdatePending = false;
    }
    if (tableSize < entriesSize) {
      out.writeBytes(plain);
      literalName(out, 0x00, 4);
    } else if (!inserted) {
      out.writeBytes(inserting);
      literalName(out, 0x40, 6);
      inserted = true;
    } else {
      out.writeBytes(indexed);
      integer(out, 0x00, 4, STATIC_ENTRIES + 1);  // grpc-timeout's name, by index; its value a literal
    }
    timeoutValue(out, Math.max(1, timeoutNanos));
  }

  /**
   * The server's {@code SETTINGS_HEADER_TABLE_SIZE}, once acknowledged: a smaller table is announced
   * at the start of the next block, and if the entries no longer fit, blocks use literals from then.
   */
  void tableSizeLimit(long limit) {
    if (limit < tableSize) {
      tableSize = limit;
      sizeUpdatePending = true;
    }
  }

  /** {@code grpc-timeout}: at most 8 digits in the finest unit that holds them, as grpc-java writes it. */
  private static void timeoutValue(ByteBuf b, long nanos) {
    int unit = 0;
    while (unit < TIMEOUT_UNITS.length - 1 && nanos / TIMEOUT_DIVISORS[unit] >= 100_000_000L) {
      unit++;
    }
    long value = Math.min(99_999_999L, nanos / TIMEOUT_DIVISORS[unit]);
    long top = 1;
    int digits = 1;
    while (top * 10 <= value) {
      top *= 10;
      digits++;
    }
    b.writeByte(digits + 1);
    for (long div = top; div > 0; div /= 10) {
      b.writeByte('0' + (int) (value / div % 10));
    }
    b.writeByte(TIMEOUT_UNITS[unit]);
  }

  private static void literalName(ByteBuf b, int pattern, int prefix) {
    integer(b, pattern, prefix, 0);
    string(b, TIMEOUT);
  }

  /** A literal field: the name by static index where it has one, else as a string (index 0). */
  private static void literal(ByteBuf b, int pattern, int prefix, int nameIndex, String name, String value) {
    integer(b, pattern, prefix, nameIndex);
    if (nameIndex == 0) {
      string(b, name);
    }
    string(b, value);
  }

  private static void string(ByteBuf b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    integer(b, 0x00, 7, bytes.length);  // not Huffman-coded
    b.writeBytes(bytes);
  }

  /** HPACK's prefixed integer (RFC 7541, 5.1) after the representation's leading bits. */
  private static void integer(ByteBuf b, int pattern, int prefix, int value) {
    int max = (1 << prefix) - 1;
    if (value < max) {
      b.writeByte(pattern | value);
      return;
    }
    b.writeByte(pattern | max);
    value -= max;
    while (value >= 128) {
      b.writeByte((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    b.writeByte(value);
  }

  private static byte[] bytes(ByteBuf b) {
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    return out;
  }
}
