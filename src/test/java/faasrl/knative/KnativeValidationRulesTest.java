package faasrl.knative;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import faasrl.cluster.ScalingConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The online-shop Services against the rules Knative Serving's admission webhook enforces beyond its
 * CRD schema, as written in knative/serving at tag {@code knative-v1.21.2} (the Knative that vHive
 * 86fb026c installs):
 * <ul>
 *   <li>{@code pkg/apis/serving/k8s_validation.go}: {@code validateContainersPorts} (ports on one
 *       container only: "more than one container port is set"; with several containers one must
 *       have it), {@code validateContainerPorts} ({@code validPortNames} = h2c, http1, ""), {@code
 *       reservedEnvVars} (PORT, K_SERVICE, K_CONFIGURATION, K_REVISION on the serving container;
 *       {@code reservedSidecarEnvVars} drops PORT for the others), {@code validateContainers}
 *       ("duplicate container name") and {@code reservedContainerNames} (queue-proxy);
 *   <li>{@code pkg/apis/autoscaling/register.go} (the {@code autoscaling.knative.dev/min-scale} and
 *       {@code max-scale} keys) with {@code annotation_validation.go}'s {@code validateMinMaxScale}:
 *       "max-scale=%d is less than min-scale=%d" unless max-scale is 0 (no limit).
 * </ul>
 */
class KnativeValidationRulesTest {
  private static final Set<String> VALID_PORT_NAMES = Set.of("h2c", "http1", "");
  private static final Set<String> RESERVED_ENV = Set.of("PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION");
  private static final Set<String> RESERVED_SIDECAR_ENV = Set.of("K_SERVICE", "K_CONFIGURATION", "K_REVISION");
  private static final Set<String> RESERVED_CONTAINER_NAMES = Set.of("queue-proxy");

  /** Knative's complaints about a Service, empty when its webhook would admit it. */
  @SuppressWarnings("unchecked")
  static List<String> violations(GenericKubernetesResource ksvc) {
    List<String> errors = new ArrayList<>();
    Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) ksvc.getAdditionalProperties()
        .get("spec")).get("template");
    List<Map<String, Object>> containers = (List<Map<String, Object>>) ((Map<String, Object>) template.get("spec"))
        .get("containers");
    int portCount = 0;
    for (Map<String, Object> c : containers) {
      portCount += ports(c).size();
    }
    if (portCount > 1) {
      errors.add("more than one container port is set: Only a single port is allowed across all containers");
    }
    if (portCount == 0 && containers.size() > 1) {
      errors.add("missing field(s): containers[*].ports");
    }
    Set<String> names = new HashSet<>();
    for (Map<String, Object> c : containers) {
      String name = String.valueOf(c.get("name"));
      if (!names.add(name)) {
        errors.add("duplicate container name \"" + name + "\"");
      }
      if (RESERVED_CONTAINER_NAMES.contains(name)) {
        errors.add("\"" + name + "\" is a reserved container name");
      }
      List<Map<String, Object>> ports = ports(c);
      boolean serving = !ports.isEmpty() || containers.size() == 1;
      if (!ports.isEmpty()) {
        Object portName = ports.get(0).getOrDefault("name", "");
        if (!VALID_PORT_NAMES.contains(String.valueOf(portName))) {
          errors.add(name + ": Port name " + portName + " is not allowed: Name must be empty, or one of: 'h2c', 'http1'");
        }
      }
      for (Map<String, Object> env : (List<Map<String, Object>>) c.getOrDefault("env", List.of())) {
        String var = String.valueOf(env.get("name"));
        if ((serving ? RESERVED_ENV : RESERVED_SIDECAR_ENV).contains(var)) {
          errors.add(name + ": \"" + var + "\" is a reserved environment variable");
        }
      }
    }
    Map<String, Object> metadata = (Map<String, Object>) template.getOrDefault("metadata", Map.of());
    Map<String, String> annotations = (Map<String, String>) metadata.getOrDefault("annotations", Map.of());
    int min = scale(annotations, OnlineShop.MIN_SCALE, errors);
    int max = scale(annotations, OnlineShop.MAX_SCALE, errors);
    if (max != 0 && max < min) {
      errors.add("max-scale=" + max + " is less than min-scale=" + min);
    }
    return errors;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> ports(Map<String, Object> container) {
    return (List<Map<String, Object>>) container.getOrDefault("ports", List.of());
  }

  private static int scale(Map<String, String> annotations, String key, List<String> errors) {
    String v = annotations.get(key);
    if (v == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add("invalid value: " + v + ": " + key);
    return 0;
  }

  @Test void allNineGeneratedServicesPassAtEveryScale() {
    assertThat(OnlineShop.functions()).hasSize(9);
    for (ScalingConfig config : List.of(ScalingConfig.defaults(), ScalingConfig.defaults().replicas(0),
        ScalingConfig.defaults().replicas(7).cpuMillicores(2500).memoryMiB(512))) {
      for (String fn : OnlineShop.functions()) {
        assertThat(violations(OnlineShop.service(fn, "default", config))).as(fn + " with " + config).isEmpty();
      }
    }
  }

  /** The checkout Service (seven containers) broken one rule at a time: each is caught. */
  @Test void aManifestBreakingAnyOneRuleFails() throws Exception {
    // (the function container then counts as a serving one, whose PORT env Knative refuses too)
    assertThat(violations(broken(c -> c.get(1).put("ports", List.of(Map.of("name", "http1", "containerPort", 7070))))))
        .contains("more than one container port is set: Only a single port is allowed across all containers");
    assertThat(violations(broken(c -> c.get(0).remove("ports"))))
        .containsExactly("missing field(s): containers[*].ports");
    assertThat(violations(broken(c -> ports(c.get(0)).set(0, Map.of("name", "grpc", "containerPort", 50000)))))
        .containsExactly("relay: Port name grpc is not allowed: Name must be empty, or one of: 'h2c', 'http1'");
    assertThat(violations(broken(c -> env(c.get(0)).add(Map.of("name", "PORT", "value", "50000")))))
        .containsExactly("relay: \"PORT\" is a reserved environment variable");
    assertThat(violations(broken(c -> c.get(2).put("name", "function"))))
        .containsExactly("duplicate container name \"function\"");
    assertThat(violations(broken(c -> c.get(3).put("name", "queue-proxy"))))
        .containsExactly("\"queue-proxy\" is a reserved container name");
    assertThat(violations(broken(c -> env(c.get(1)).add(Map.of("name", "K_REVISION", "value", "x")))))
        .containsExactly("function: \"K_REVISION\" is a reserved environment variable");
    GenericKubernetesResource scale = OnlineShop.service("adservice", "default", ScalingConfig.defaults().replicas(3));
    annotations(scale).put(OnlineShop.MAX_SCALE, "2");
    assertThat(violations(scale)).containsExactly("max-scale=2 is less than min-scale=3");
    annotations(scale).put(OnlineShop.MAX_SCALE, "0"); // 0 = no upper bound
    assertThat(violations(scale)).isEmpty();
  }

  private interface Breakage {
    void apply(List<Map<String, Object>> containers);
  }

  /** A deep, mutable copy of checkoutservice's Service with one change. */
  @SuppressWarnings("unchecked")
  private static GenericKubernetesResource broken(Breakage b) throws Exception {
    ObjectMapper json = new ObjectMapper();
    GenericKubernetesResource ksvc = json.readValue(json.writeValueAsString(
        OnlineShop.service("checkoutservice", "default", ScalingConfig.defaults())), GenericKubernetesResource.class);
    assertThat(violations(ksvc)).isEmpty();
    Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) ksvc.getAdditionalProperties()
        .get("spec")).get("template");
    b.apply((List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("containers"));
    return ksvc;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> env(Map<String, Object> container) {
    return (List<Map<String, Object>>) container.computeIfAbsent("env", k -> new ArrayList<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> annotations(GenericKubernetesResource ksvc) {
    Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) ksvc.getAdditionalProperties()
        .get("spec")).get("template");
    Map<String, String> a = new java.util.HashMap<>((Map<String, String>) ((Map<String, Object>) template.get("metadata"))
        .get("annotations"));
    ((Map<String, Object>) template).put("metadata", new java.util.HashMap<>(Map.of("annotations", a)));
    return a;
  }
}
