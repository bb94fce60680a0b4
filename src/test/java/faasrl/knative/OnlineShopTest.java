package faasrl.knative;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cluster.ScalingConfig;
import faasrl.function.Catalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnlineShopTest {
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> containers(String fn) {
    Map<String, Object> spec = (Map<String, Object>) OnlineShop.service(fn, "default", ScalingConfig.defaults())
        .getAdditionalProperties().get("spec");
    return (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec"))
        .get("containers");
  }

  private static Map<String, Object> named(List<Map<String, Object>> cs, String name) {
    return cs.stream().filter(c -> name.equals(c.get("name"))).findFirst().orElseThrow();
  }

  @Test void coversTheCatalogsNineFunctionsWithPortsAndArgsOfTheRelay() {
    assertThat(OnlineShop.functions()).containsExactlyInAnyOrderElementsOf(Catalog.onlineShop().names());
    for (String fn : OnlineShop.functions()) {
      List<Map<String, Object>> cs = containers(fn);
      assertThat(cs.get(0).get("name")).isEqualTo("relay");
      assertThat(cs.stream().filter(c -> c.containsKey("ports"))).hasSize(1); // Knative serves one port
      assertThat((List<String>) cs.get(0).get("args")).contains("--addr=0.0.0.0:50000",
          "--function-endpoint-port=" + OnlineShop.functionPort(fn), "--function-name=" + fn);
      assertThat(named(cs, "function").get("image")).isEqualTo("docker.io/vhiveease/onlineshop-" + fn + ":latest");
    }
    assertThat((List<String>) containers("cartservice").get(0).get("args")).contains("--value=12345",
        "--function-method=AddItem");
    assertThat((List<String>) containers("productcatalogservice").get(0).get("args"))
        .contains("--value=loremipsum", "--function-method=ListProducts");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, String>> env(Map<String, Object> container) {
    return (List<Map<String, String>>) container.get("env");
  }

  private static Map<String, String> var(String name, String value) {
    return Map.of("name", name, "value", value);
  }

  @Test void fixesTheUpstreamBreakage() {
    assertThat(env(named(containers("cartservice"), "function"))).contains(var("REDIS_ADDR", "online-shop-database:6379"));
    List<Map<String, Object>> checkout = containers("checkoutservice");
    assertThat(checkout).extracting(c -> c.get("name")).containsExactly("relay", "function", "cart", "productcatalog",
        "currency", "shipping", "payment", "email");
    assertThat(env(named(checkout, "function"))).contains(var("PAYMENT_SERVICE_ADDR", "localhost:5052"),
        var("SHIPPING_SERVICE_ADDR", "localhost:50051"));
    assertThat(env(named(checkout, "payment"))).contains(var("PORT", "5052"));
    assertThat(env(named(checkout, "shipping"))).contains(var("PORT", "50051"));
    assertThat(env(named(checkout, "cart"))).contains(var("REDIS_ADDR", "online-shop-database:6379"));
    assertThat(named(containers("paymentservice"), "function").get("command").toString())
        .contains("charge.js", "exec node index.js");
    assertThat(named(containers("recommendationservice"), "productcatalog")).isNotNull();
  }
}
