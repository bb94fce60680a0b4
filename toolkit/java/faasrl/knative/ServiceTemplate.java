package faasrl.knative;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import faasrl.cluster.ScalingConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * The part of a Knative Service's {@code spec.template} that carries faasrl's scaling settings,
 * typed: the scale annotations, containerConcurrency and the function container's resources.
 *
 * <!-- given: GenericKubernetesResource ksvc; KubernetesClient client -->
 * <pre>{@code
 * ScalingConfig running = ServiceTemplate.of(ksvc, client.getKubernetesSerialization()).config();
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ServiceTemplate(Meta metadata, Spec spec) {
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Meta(Map<String, String> annotations) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Spec(Integer containerConcurrency, List<Container> containers) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record ServiceSpec(ServiceTemplate template) {}

  /** The template of {@code ksvc}. */
  static ServiceTemplate of(GenericKubernetesResource ksvc, KubernetesSerialization json) {
    ServiceSpec s = json.convertValue(ksvc.getAdditionalProperties().get("spec"), ServiceSpec.class);
    if (s == null || s.template() == null || s.template().spec() == null) {
      throw new IllegalStateException("Knative service '" + ksvc.getMetadata().getName() + "' has no spec.template");
    }
    return s.template();
  }

  /** The configuration the template runs with: min-scale replicas, concurrency, the function's limits. */
  ScalingConfig config() {
    Map<String, String> annotations = metadata == null || metadata.annotations() == null ? Map.of()
        : metadata.annotations();
    ScalingConfig c = ScalingConfig.defaults()
        .replicas(Integer.parseInt(annotations.getOrDefault(OnlineShop.MIN_SCALE, "1")))
        .containerConcurrency(spec.containerConcurrency() == null ? 0 : spec.containerConcurrency());
    Map<String, Quantity> limits = spec.containers() == null ? Map.of() : spec.containers().stream()
        .filter(k -> OnlineShop.FUNCTION_CONTAINER.equals(k.getName()) && k.getResources() != null
            && k.getResources().getLimits() != null)
        .map(k -> k.getResources().getLimits()).findFirst().orElse(Map.of());
    if (limits.get("cpu") != null) {
      c = c.cpuMillicores((int) Math.round(limits.get("cpu").getNumericalAmount().doubleValue() * 1000));
    }
    if (limits.get("memory") != null) {
      c = c.memoryMiB((int) (limits.get("memory").getNumericalAmount().longValue() / (1024 * 1024)));
    }
    return c;
  }
}
