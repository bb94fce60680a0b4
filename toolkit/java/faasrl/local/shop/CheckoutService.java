package faasrl.local.shop;

import java.util.SplittableRandom;

/**
 * checkoutservice: places an order by calling cart, catalog, currency, shipping, payment and email
 * in turn, as the Go service does (PlaceOrder), then totals the order.
 */
final class CheckoutService implements ShopFunction {
  private final Downstream downstream;
  private final double repeats;

  CheckoutService(Downstream downstream, double repeats) {
    this.downstream = downstream;
    this.repeats = repeats;
  }

  @Override public String handle(String request, SplittableRandom rng) {
    String cart = downstream.call("cartservice", request);
    String products = downstream.call("productcatalogservice", "loremipsum");
    String price = downstream.call("currencyservice", "100");
    String shipping = downstream.call("shippingservice", request);
    String payment = downstream.call("paymentservice", "100");
    String email = downstream.call("emailservice", request);
    long total = 0;
    for (int n = ShopFunction.repeats(repeats, 0.5, rng); n > 0; n--) {
      total = 0;
      for (String id : products.split(",")) {
        total += id.hashCode() & 0xffff;
      }
      total += (cart + price + shipping + payment + email).chars().sum();
    }
    return "order " + Long.toHexString(rng.nextLong()) + " total " + total;
  }
}
