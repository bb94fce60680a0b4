package faasrl.knative;

/**
 * Where to send a function's requests: the Knative ingress to connect to, and the authority (Host
 * header) that routes them to the function's service.
 *
 * @param host      ingress host or IP to connect to
 * @param port      ingress port (80 for Knative's plain-text gRPC over h2c)
 * @param authority the service's host name, e.g. {@code adservice.default.192.168.1.240.sslip.io}
 */
public record IngressEndpoint(String host, int port, String authority) {}
