package faasrl.knative;

import faasrl.cluster.ScalingConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Our Knative Service templates for the nine vSwarm online-shop functions:
 * a relay container ({@code h2c} on 50000, serving {@code helloworld.Greeter/SayHello}) that calls
 * the function container, which carries the CPU limit. Written here rather than applied from
 * vSwarm's YAMLs, and fixing their breakage:
 * <ul>
 *   <li>cartservice reads its cart from the online-shop Redis ({@code online-shop-database:6379},
 *       applied by {@code faasrl setup});
 *   <li>checkout calls its six dependencies as sidecars on localhost; payment there listens on
 *       5052, the port checkout dials (it defaults to 50051, which shipping already uses);
 *   <li>the relay's fixed test card expired in 2025-03: paymentservice's expiry check is disabled
 *       when its container starts, so charges succeed today;
 *   <li>recommendation gets the product catalog it needs as a sidecar.
 * </ul>
 *
 * <pre>{@code
 * GenericKubernetesResource ksvc = OnlineShop.service("adservice", "default", ScalingConfig.defaults());
 * }</pre>
 */
public final class OnlineShop {
  /** Label on everything faasrl creates, so it never touches what it did not make. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
  public static final String MAX_SCALE = "autoscaling.knative.dev/max-scale";
  /** The container that runs the function and carries its CPU limit. */
  public static final String FUNCTION_CONTAINER = "function";
  static final String RELAY_IMAGE = "docker.io/vhiveease/relay:latest";
  static final int RELAY_PORT = 50000;
  // online-boutique's charge.js rejects cards whose month/year is past; the relay's card is 2025-03
  private static final String PAYMENT_ANY_EXPIRY = "sed -i -e 's/(currentYear \\* 12 + currentMonth) > (year \\* 12 + month)/false/'"
      + " charge.js && exec node index.js";

  private record Fn(String name, int port, List<String> relayArgs, Map<String, String> env, List<String> sidecars) {}

  private static final Map<String, Fn> FUNCTIONS = new LinkedHashMap<>();

  static {
    add(new Fn("adservice", 9555, List.of("--generator=unique", "--value=donuts"), Map.of(), List.of()));
    add(new Fn("cartservice", 7070, List.of("--value=12345", "--function-method=AddItem"),
        Map.of("REDIS_ADDR", "online-shop-database:6379"), List.of()));
    add(new Fn("currencyservice", 7000, List.of("--value=100", "--function-method=Convert"), Map.of(), List.of()));
    add(new Fn("emailservice", 8080, List.of("--generator=unique"), Map.of(), List.of()));
    add(new Fn("paymentservice", 50051, List.of("--value=100"), Map.of(), List.of()));
    add(new Fn("productcatalogservice", 3550, List.of("--value=loremipsum", "--function-method=ListProducts"),
        Map.of(), List.of()));
    add(new Fn("shippingservice", 50051, List.of("--function-method=ShipOrder"), Map.of(), List.of()));
    add(new Fn("recommendationservice", 8080, List.of("--value=12345"),
        Map.of("PRODUCT_CATALOG_SERVICE_ADDR", "localhost:3550"), List.of("productcatalogservice")));
    Map<String, String> checkoutEnv = new LinkedHashMap<>();
    checkoutEnv.put("CART_SERVICE_ADDR", "localhost:7070");
    checkoutEnv.put("PRODUCT_CATALOG_SERVICE_ADDR", "localhost:3550");
    checkoutEnv.put("CURRENCY_SERVICE_ADDR", "localhost:7000");
    checkoutEnv.put("SHIPPING_SERVICE_ADDR", "localhost:50051");
    checkoutEnv.put("PAYMENT_SERVICE_ADDR", "localhost:5052");
    checkoutEnv.put("EMAIL_SERVICE_ADDR", "localhost:8080");
    add(new Fn("checkoutservice", 5050, List.of("--value=12345"), checkoutEnv, List.of("cartservice",
        "productcatalogservice", "currencyservice", "shippingservice", "paymentservice", "emailservice")));
  }

  private static void add(Fn f) {
    FUNCTIONS.put(f.name(), f);
  }

  private OnlineShop() {}

  /** The functions we have templates for. */
  public static Set<String> functions() {
    return FUNCTIONS.keySet();
  }

  /** The relay's port inside each pod and the function's own port. */
  public static int functionPort(String name) {
    return fn(name).port();
  }

  private static Fn fn(String name) {
    Fn f = FUNCTIONS.get(name);
    if (f == null) {
      throw new IllegalArgumentException("no Knative template for function '" + name + "'; the knative backend "
          + "deploys the online-shop functions: " + String.join(", ", FUNCTIONS.keySet()));
    }
    return f;
  }

  /** The Knative Service for {@code name} with {@code config}. */
  public static GenericKubernetesResource service(String name, String namespace, ScalingConfig config) {
    Fn f = fn(name);
    List<Object> containers = new ArrayList<>();
    List<String> relayArgs = new ArrayList<>(List.of("--addr=0.0.0.0:" + RELAY_PORT,
        "--function-endpoint-url=0.0.0.0", "--function-endpoint-port=" + f.port(), "--function-name=" + f.name()));
    relayArgs.addAll(f.relayArgs());
    Map<String, Object> relay = new LinkedHashMap<>();
    relay.put("name", "relay");
    relay.put("image", RELAY_IMAGE);
    relay.put("ports", List.of(Map.of("name", "h2c", "containerPort", RELAY_PORT)));
    relay.put("args", relayArgs);
    containers.add(relay);
    Map<String, Object> function = container(FUNCTION_CONTAINER, f.name(), f.port(), f.env());
    function.put("resources", resources(config));
    containers.add(function);
    for (String s : f.sidecars()) {
      Fn dep = fn(s);
      int port = s.equals("paymentservice") ? 5052 : dep.port();
      Map<String, Object> c = container(s.replace("service", ""), s, port, dep.env());
      c.put("resources", Map.of("requests", Map.of("cpu", "100m")));
      containers.add(c);
    }
    Map<String, Object> podSpec = new LinkedHashMap<>();
    podSpec.put("containerConcurrency", config.containerConcurrency());
    podSpec.put("containers", containers);
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("metadata", Map.of("annotations", scaleAnnotations(config)));
    template.put("spec", podSpec);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("serving.knative.dev/v1").withKind("Service")
        .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(MANAGED_BY, "faasrl").endMetadata()
        .addToAdditionalProperties("spec", Map.of("template", template))
        .build();
  }

  private static Map<String, Object> container(String containerName, String image, int port, Map<String, String> extraEnv) {
    List<Map<String, String>> env = new ArrayList<>();
    env.add(Map.of("name", "PORT", "value", Integer.toString(port)));
    for (String flag : List.of("DISABLE_TRACING", "DISABLE_PROFILER", "DISABLE_DEBUGGER")) {
      env.add(Map.of("name", flag, "value", "1"));
    }
    extraEnv.forEach((k, v) -> env.add(Map.of("name", k, "value", v)));
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", containerName);
    c.put("image", "docker.io/vhiveease/onlineshop-" + image + ":latest");
    c.put("env", env);
    if (image.equals("paymentservice")) {
      c.put("command", List.of("sh", "-c", PAYMENT_ANY_EXPIRY));
    }
    return c;
  }

  /** requests = limits, as the paper did; memory only when asked. */
  static Map<String, Object> resources(ScalingConfig c) {
    Map<String, String> amounts = new LinkedHashMap<>();
    amounts.put("cpu", c.cpuMillicores() + "m");
    if (c.memoryMiB() > 0) {
      amounts.put("memory", c.memoryMiB() + "Mi");
    }
    return Map.of("requests", amounts, "limits", amounts);
  }

  /** min-scale = max-scale fixes the replicas; 0 replicas lets Knative scale the function to zero. */
  static Map<String, String> scaleAnnotations(ScalingConfig c) {
    return c.replicas() == 0 ? Map.of(MIN_SCALE, "0")
        : Map.of(MIN_SCALE, Integer.toString(c.replicas()), MAX_SCALE, Integer.toString(c.replicas()));
  }
}
