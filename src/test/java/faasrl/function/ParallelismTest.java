package faasrl.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The profile field {@code parallelism}: read, checked, and set for the single-threaded runtimes. */
class ParallelismTest {

  @Test
  void nodeAndPythonFunctionsRunOneRequestAtATime() {
    Catalog shop = Catalog.onlineShop();
    for (String single : List.of("currencyservice", "paymentservice", "emailservice", "recommendationservice")) {
      assertThat(shop.get(single).parallelism()).as(single).isEqualTo(1);
    }
    for (String pooled : List.of("adservice", "cartservice", "productcatalogservice", "shippingservice",
        "checkoutservice")) {
      assertThat(shop.get(pooled).parallelism()).as(pooled).isZero();
    }
  }

  @Test
  void readFromAProfileAndRefusedWhenNegative() {
    FunctionSpec s = FunctionSpecReader.parse("name: a\ncpu: 100\nparallelism: 2\n", "t.yaml", null).get(0);
    assertThat(s.parallelism()).isEqualTo(2);
    assertThat(s.toBuilder().build()).isEqualTo(s);
    assertThat(FunctionSpecReader.parse("name: b\ncpu: 100\n", "t.yaml", null).get(0).parallelism()).isZero();
    assertThatThrownBy(() -> FunctionSpecReader.parse("name: c\ncpu: 100\nparallelism: -1\n", "t.yaml", null))
        .hasMessageContaining("'c'").hasMessageContaining("'parallelism' must be a whole number 0..100000");
  }
}
