package faasrl.knative;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of a Knative Service's {@code status} that faasrl reads, typed.
 *
 * <!-- given: GenericKubernetesResource ksvc; KubernetesClient client -->
 * <pre>{@code
 * ServiceStatus s = ServiceStatus.of(ksvc, client.getKubernetesSerialization());
 * boolean serving = s.observed(ksvc.getMetadata().getGeneration()) && "True".equals(s.ready());
 * }</pre>
 *
 * @param observedGeneration the generation the controller has acted on (null before it has)
 * @param url                where the service answers, once Ready
 * @param latestReadyRevisionName the revision that serves
 * @param conditions         Ready, ConfigurationsReady, RoutesReady
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ServiceStatus(Long observedGeneration, String url, String latestReadyRevisionName, List<Condition> conditions) {

  /** One condition, e.g. {@code Ready=False (RevisionFailed: ...)}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Condition(String type, String status, String reason, String message) {
    @Override public String toString() {
      String why = (reason == null ? "" : reason) + (reason != null && message != null ? ": " : "")
          + (message == null ? "" : message);
      return type + "=" + status + (why.isEmpty() ? "" : " (" + why + ")");
    }
  }

  ServiceStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  /** The status of {@code ksvc}; empty when the controller has not written one yet. */
  static ServiceStatus of(GenericKubernetesResource ksvc, KubernetesSerialization json) {
    Object status = ksvc.getAdditionalProperties().get("status");
    return status == null ? new ServiceStatus(null, null, null, List.of()) : json.convertValue(status, ServiceStatus.class);
  }

  /** Whether the controller has acted on {@code generation} (the spec faasrl last wrote). */
  boolean observed(long generation) {
    return observedGeneration != null && observedGeneration >= generation;
  }

  Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
  }

  /** The Ready condition's status ({@code True}, {@code False}, {@code Unknown}), or empty. */
  String ready() {
    return condition("Ready").map(Condition::status).orElse("");
  }

  /** "ConfigurationsReady=False (RevisionFailed: ...), Ready=Unknown (...)" */
  String notTrue() {
    List<String> parts = new ArrayList<>();
    conditions.stream().filter(c -> !"True".equals(c.status())).forEach(c -> parts.add(c.toString()));
    return parts.isEmpty() ? "all conditions True on an older generation" : String.join(", ", parts);
  }
}
