package faasrl.invoke;

/**
 * A gRPC server address, {@code host:port}. Immutable.
 *
 * <pre>{@code
 * Endpoint e = Endpoint.parse("127.0.0.1:50051");
 * List<Endpoint> all = Endpoint.parseList("127.0.0.1:50051,127.0.0.1:50052");
 * }</pre>
 */
public record Endpoint(String host, int port) {

  public Endpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("endpoint host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("endpoint port must be 1..65535, was " + port);
    }
  }

  /** Parses {@code host:port}. */
  public static Endpoint parse(String text) {
    String s = text == null ? "" : text.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("endpoint '" + text + "' is not host:port");
    }
    try {
      return new Endpoint(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint '" + text + "' has a port that is not a number");
    }
  }

  /** Parses a comma-separated list of {@code host:port}. */
  public static java.util.List<Endpoint> parseList(String text) {
    return java.util.Arrays.stream(text.split(",")).map(Endpoint::parse).toList();
  }

  /** The gRPC target string. */
  public String target() {
    return host + ":" + port;
  }

  @Override public String toString() {
    return target();
  }
}
