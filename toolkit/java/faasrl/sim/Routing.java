package faasrl.sim;

/** How a simulated cluster spreads a function's requests across its ready pods. */
public enum Routing {
  /**
   * Knative's activator: each request goes to the pod with the fewest requests in flight (ties in
   * turn); when every pod is at its containerConcurrency, requests wait in a central buffer and go
   * to the first pod that frees a slot.
   */
  LEAST_LOADED,
  /**
   * A plain Kubernetes service: pods in turn regardless of load; a pod at its containerConcurrency
   * queues the request in its queue-proxy (at most 10 x containerConcurrency, then 503).
   */
  ROUND_ROBIN
}
