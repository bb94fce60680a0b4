package faasrl.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

/** The request header blocks, decoded by Netty's HPACK decoder as a grpc-java server decodes them. */
class RequestHeadersTest {
  private final RequestHeaders headers = new RequestHeaders("/helloworld.Greeter/SayHello", "127.0.0.1:50051");
  /** One decoder for the whole test: its dynamic table is the server's. */
  private final DefaultHttp2HeadersDecoder server = new DefaultHttp2HeadersDecoder(true);

  @Test
  void laterBlocksNameTheFixedFieldsByIndexAndDecodeToTheSameHeaders() throws Exception {
    ByteBuf first = block(1_000_000_000L);
    int firstLength = first.readableBytes();
    Http2Headers h1 = server.decodeHeaders(1, first);
    assertThat(h1.method().toString()).isEqualTo("POST");
    assertThat(h1.scheme().toString()).isEqualTo("http");
    assertThat(h1.path().toString()).isEqualTo("/helloworld.Greeter/SayHello");
    assertThat(h1.authority().toString()).isEqualTo("127.0.0.1:50051");
    assertThat(h1.get("content-type").toString()).isEqualTo("application/grpc");
    assertThat(h1.get("te").toString()).isEqualTo("trailers");
    assertThat(h1.get("grpc-timeout").toString()).isEqualTo("1000000u");

    ByteBuf second = block(25_000_000L);
    assertThat(second.readableBytes()).as("one byte per fixed field, then the timeout").isLessThan(20)
        .isLessThan(firstLength / 4);
    Http2Headers h2 = server.decodeHeaders(3, second);
    assertThat(h2.path().toString()).isEqualTo("/helloworld.Greeter/SayHello");
    assertThat(h2.authority().toString()).isEqualTo("127.0.0.1:50051");
    assertThat(h2.get("te").toString()).isEqualTo("trailers");
    assertThat(h2.get("user-agent").toString()).isEqualTo("faasrl-h2");
    assertThat(h2.get("grpc-timeout").toString()).isEqualTo("25000000n");
    assertThat(h2.size()).isEqualTo(h1.size());
  }

  @Test
  void aTableTooSmallForTheEntriesIsAnnouncedAndBlocksFallBackToLiterals() throws Exception {
    server.decodeHeaders(1, block(1_000_000_000L));
    // the server's SETTINGS_HEADER_TABLE_SIZE, acknowledged: its decoder now demands a size update
    server.maxHeaderTableSize(64);
    headers.tableSizeLimit(64);
    Http2Headers h = server.decodeHeaders(3, block(3_600_000_000_000L * 30));
    assertThat(h.path().toString()).isEqualTo("/helloworld.Greeter/SayHello");
    assertThat(h.get("grpc-timeout").toString()).as("the finest unit that keeps 8 digits").isEqualTo("108000S");
    assertThat(server.decodeHeaders(5, block(1)).get("grpc-timeout").toString()).isEqualTo("1n");
  }

  private ByteBuf block(long timeoutNanos) {
    ByteBuf b = Unpooled.buffer();
    headers.write(b, timeoutNanos);
    return b;
  }
}
