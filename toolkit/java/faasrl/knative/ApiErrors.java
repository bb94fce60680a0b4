package faasrl.knative;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns Kubernetes API failures into one sentence that says what was tried and what to do. */
final class ApiErrors {
  private ApiErrors() {}

  /** {@code action} reads like "create Knative service 'adservice' in namespace default". */
  static IllegalStateException explain(KubernetesClientException e, String action, String apiServer) {
    String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : rootCause(e);
    int code = Math.max(0, e.getCode()); // fabric8 reports -1 or 0 when no HTTP answer came back
    String msg = switch (code) {
      case 0 -> "cannot reach the Kubernetes API at " + apiServer + " to " + action + ": " + rootCause(e)
          + " (is the kubeconfig's server reachable from here?)";
      case 401 -> "the Kubernetes API at " + apiServer + " rejected the kubeconfig's credentials (401 Unauthorized) "
          + "when trying to " + action;
      case 403 -> "forbidden (403): the kubeconfig's user may not " + action + ": " + detail;
      case 404 -> "cannot " + action + ": not found (404): " + detail;
      case 409 -> "cannot " + action + ": conflict (409): " + detail;
      default -> "cannot " + action + ": the Kubernetes API answered " + e.getCode() + ": " + detail;
    };
    return new IllegalStateException(msg, e);
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
