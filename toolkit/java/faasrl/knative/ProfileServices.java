package faasrl.knative;

import faasrl.cluster.ScalingConfig;
import faasrl.function.FunctionSpec;
import faasrl.local.FunctionServer;
import faasrl.local.ProfileFunction;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Knative Services that run any function by its profile: one container of a generic busy-loop
 * image, faasrl's {@link FunctionServer} serving {@link ProfileFunction} ({@code helloworld.Greeter}
 * over h2c, as faasrl's invoker calls it), told the function's CPU quantiles and memory by its
 * arguments. Knative's own autoscaler scales the service, as the template's annotations say:
 * <ul>
 *   <li>{@link Autoscaler#KPA}: the KPA class, min scale 0 by default (scale to zero), the 60 s
 *       stable window and no pod retention after the decision to scale to zero, so the last pod goes
 *       within the cluster-wide {@code scale-to-zero-grace-period} (config-autoscaler, 30 s by
 *       default; there is no per-service setting for it);</li>
 *   <li>{@link Autoscaler#HPA}: the HPA class on CPU, target 80% of the request, min scale 1 (an HPA
 *       cannot scale to zero);</li>
 *   <li>{@link Autoscaler#FIXED}: min scale = max scale = the configuration's replicas.</li>
 * </ul>
 * The CPU limit is the function container's request and limit, as for the online-shop functions.
 *
 * <!-- given: Path kubeconfig; TraceFunction traceFunction -->
 * <pre>{@code
 * KnativeServices s = ProfileServices.builder().image("registry.local/faasrl/function-server:1").build();
 * try (KnativeCluster c = Clusters.knative(kubeconfig).services(s).start()) {
 *   c.deploy(traceFunction.spec(Duration.ZERO), ScalingConfig.defaults());
 * }
 * }</pre>
 */
public final class ProfileServices implements KnativeServices {
  /**
   * The image by default: faasrl's function server (built from faasrl.jar, see docs/traces.md).
   * InVitro's trace function ({@code ghcr.io/vhive-serverless/invitro_trace_function}) takes each
   * call's run time in its own request message, which faasrl's invoker does not send.
   */
  public static final String DEFAULT_IMAGE = "faasrl/function-server:latest";
  /** The port the function server listens on in the pod (h2c). */
  public static final int PORT = 50051;
  static final String CLASS = "autoscaling.knative.dev/class";
  static final String METRIC = "autoscaling.knative.dev/metric";
  static final String TARGET = "autoscaling.knative.dev/target";
  static final String WINDOW = "autoscaling.knative.dev/window";
  static final String RETENTION = "autoscaling.knative.dev/scale-to-zero-pod-retention-period";

  /** Which of Knative's autoscalers scales the service. */
  public enum Autoscaler { KPA, HPA, FIXED }

  private final String image;
  private final Autoscaler autoscaler;
  private final int minScale;

  private ProfileServices(Builder b) {
    image = b.image;
    autoscaler = b.autoscaler;
    minScale = b.minScale;
  }

  /** The default image, the KPA with min scale 0. */
  public static Builder builder() {
    return new Builder();
  }

  @Override public GenericKubernetesResource service(FunctionSpec spec, String namespace, ScalingConfig config) {
    if (!spec.calls().isEmpty()) {
      throw new IllegalArgumentException("function '" + spec.name() + "' calls others; a profile service runs a "
          + "function alone");
    }
    Map<String, Object> function = new LinkedHashMap<>();
    function.put("name", OnlineShop.FUNCTION_CONTAINER);
    function.put("image", image);
    function.put("ports", List.of(Map.of("name", "h2c", "containerPort", PORT)));
    function.put("args", List.of("--function", ProfileFunction.NAME, "--port", Integer.toString(PORT),
        "--cpu-quantiles-us", ProfileFunction.encode(ProfileFunction.quantilesOf(spec.cpu())),
        "--hold-memory-mib", Integer.toString(spec.memoryMiB())));
    function.put("resources", OnlineShop.resources(config));
    Map<String, Object> podSpec = new LinkedHashMap<>();
    podSpec.put("containerConcurrency", config.containerConcurrency());
    podSpec.put("containers", List.of(function));
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("metadata", Map.of("annotations", annotations(config)));
    template.put("spec", podSpec);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("serving.knative.dev/v1").withKind("Service")
        .withNewMetadata().withName(spec.name()).withNamespace(namespace).addToLabels(OnlineShop.MANAGED_BY, "faasrl")
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("template", template))
        .build();
  }

  private Map<String, String> annotations(ScalingConfig config) {
    Map<String, String> a = new LinkedHashMap<>();
    switch (autoscaler) {
      case KPA -> {
        a.put(CLASS, "kpa.autoscaling.knative.dev");
        a.put(OnlineShop.MIN_SCALE, Integer.toString(minScale));
        a.put(WINDOW, "60s");
        a.put(RETENTION, "0s");
      }
      case HPA -> {
        a.put(CLASS, "hpa.autoscaling.knative.dev");
        a.put(METRIC, "cpu");
        a.put(TARGET, "80");
        a.put(OnlineShop.MIN_SCALE, Integer.toString(Math.max(1, minScale)));
      }
      case FIXED -> a.putAll(OnlineShop.scaleAnnotations(config));
    }
    return a;
  }

  @Override public String toString() {
    return "profile services (" + image + ", " + autoscaler + ")";
  }

  /** Builds {@link ProfileServices}. */
  public static final class Builder {
    private String image = DEFAULT_IMAGE;
    private Autoscaler autoscaler = Autoscaler.KPA;
    private int minScale;

    private Builder() {}

    /** The busy-loop image (default {@value ProfileServices#DEFAULT_IMAGE}). */
    public Builder image(String v) {
      if (v == null || v.isBlank() || v.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("an image must be a non-empty reference without spaces, was '" + v + "'");
      }
      image = v;
      return this;
    }

    public Builder autoscaler(Autoscaler v) {
      autoscaler = Objects.requireNonNull(v, "autoscaler");
      return this;
    }

    /** The KPA's min scale (default 0: scale to zero); the HPA keeps at least 1 whatever this says. */
    public Builder minScale(int v) {
      if (v < 0 || v > ScalingConfig.MAX_REPLICAS) {
        throw new IllegalArgumentException("min scale must be 0.." + ScalingConfig.MAX_REPLICAS + ", was " + v);
      }
      minScale = v;
      return this;
    }

    public ProfileServices build() {
      return new ProfileServices(this);
    }
  }
}
