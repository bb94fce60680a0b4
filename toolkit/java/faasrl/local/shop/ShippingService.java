package faasrl.local.shop;

import java.util.SplittableRandom;

/** shippingservice: quotes shipping for an order and makes a tracking id (GetQuote, ShipOrder). */
final class ShippingService implements ShopFunction {
  private final double repeats;

  ShippingService(double repeats) {
    this.repeats = repeats;
  }

  @Override public String handle(String request, SplittableRandom rng) {
    String out = "";
    for (int n = ShopFunction.repeats(repeats, 0.5, rng); n > 0; n--) {
      int items = 1 + rng.nextInt(10);
      double quote = 8.99 + 0.5 * items * (1 + Math.abs(request.hashCode() % 7) / 10.0);
      String address = (1000 + rng.nextInt(9000)) + " Main St, Springfield " + (10000 + rng.nextInt(89999));
      out = String.format("quote=%.2f USD tracking=%s", quote, trackingId(address, rng));
    }
    return out;
  }

  /** Two letters, a salt and the address length, as the Go service formats it. */
  private static String trackingId(String salt, SplittableRandom rng) {
    return String.format("%c%c-%d%s-%d%s", (char) ('A' + rng.nextInt(26)), (char) ('A' + rng.nextInt(26)),
        salt.length(), digits(3, rng), salt.length() / 2, digits(7, rng));
  }

  private static String digits(int n, SplittableRandom rng) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(rng.nextInt(10));
    }
    return b.toString();
  }
}
