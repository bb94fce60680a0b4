package faasrl.local.shop;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The online-shop functions that {@link faasrl.local.FunctionServer} can serve, plus {@code noop}
 * (replies at once; for measuring the invoker).
 *
 * <p>Repeat counts were sized on the 2-core development machine, with replica JVM flags, so that
 * each function's CPU per request (measured from its cgroup's cpuacct, gRPC handling included)
 * orders and compares as the catalog's {@code cpu.mean_us} does; {@code faasrl calibrate} measures
 * the real figures on any machine.
 */
public final class ShopFunctions {
  private static final Map<String, BiFunction<Downstream, Double, ShopFunction>> FACTORIES = Map.of(
      "adservice", (d, r) -> new AdService(r),
      "cartservice", (d, r) -> new CartService(r),
      "currencyservice", (d, r) -> new CurrencyService(r),
      "emailservice", (d, r) -> new EmailService(r),
      "paymentservice", (d, r) -> new PaymentService(r),
      "productcatalogservice", (d, r) -> new ProductCatalogService(r),
      "shippingservice", (d, r) -> new ShippingService(r),
      "recommendationservice", RecommendationService::new,
      "checkoutservice", CheckoutService::new);

  /**
   * Mean repeats per request of each function, sized with {@code faasrl calibrate} on the 2-core
   * development machine (replica JVM flags): gRPC handling costs about 115 us of CPU per request,
   * and the repeats fill the rest of the catalog's cpu mean (measured within about 15% of it; the
   * machine was shared).
   * Checkout's six gRPC client calls alone cost more CPU than its profile's 300 us, so it repeats
   * its own work once.
   */
  private static final Map<String, Double> REPEATS = Map.of(
      "adservice", 460.0,
      "cartservice", 85.0,
      "currencyservice", 165.0,
      "emailservice", 45.0,
      "paymentservice", 165.0,
      "productcatalogservice", 7.5,
      "shippingservice", 35.0,
      "recommendationservice", 35.0,
      "checkoutservice", 1.0);

  /** The request value vSwarm's relay sends each function (its --value argument), else a customer id. */
  private static final Map<String, String> REQUESTS = Map.of(
      "adservice", "donuts",
      "currencyservice", "100",
      "paymentservice", "100",
      "productcatalogservice", "loremipsum");

  private ShopFunctions() {}

  /** The HelloRequest name the relay would send {@code function}. */
  public static String defaultRequest(String function) {
    return REQUESTS.getOrDefault(function, "12345");
  }

  /** Function names, sorted, including {@code noop}. */
  public static List<String> names() {
    return java.util.stream.Stream.concat(FACTORIES.keySet().stream(), java.util.stream.Stream.of("noop"))
        .sorted().toList();
  }

  /** The function called {@code name}; {@code downstream} serves the ones that call others. */
  public static ShopFunction create(String name, Downstream downstream) {
    if (name.equals("noop")) {
      return (request, rng) -> request;
    }
    var f = FACTORIES.get(name);
    if (f == null) {
      throw new IllegalArgumentException("no local implementation of function '" + name + "' (known: "
          + String.join(", ", names()) + ")");
    }
    return f.apply(downstream, REPEATS.get(name));
  }
}
