package faasrl.local.shop;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/** cartservice: adds an item to a user's cart kept in memory, in place of Redis (CartService.AddItem). */
final class CartService implements ShopFunction {
  private static final int USERS = 1000;
  private final Map<Integer, Map<String, Integer>> carts = new ConcurrentHashMap<>();
  private final double repeats;

  CartService(double repeats) {
    this.repeats = repeats;
  }

  @Override public String handle(String request, SplittableRandom rng) {
    int user = Math.floorMod(request.hashCode() + rng.nextInt(USERS), USERS);
    Map<String, Integer> cart = carts.computeIfAbsent(user, u -> new ConcurrentHashMap<>());
    int lines = 0;
    for (int n = ShopFunction.repeats(repeats, 0.6, rng); n > 0; n--) {
      String product = Products.ALL.get(rng.nextInt(Products.ALL.size())).id();
      cart.merge(product, 1 + rng.nextInt(3), Integer::sum);
      if (cart.size() > 50) {
        cart.clear(); // an order was placed: keep memory bounded
      }
      lines = serialize(cart).length();
    }
    return "cart of user " + user + ": " + lines + " bytes";
  }

  /** What the service would write back to Redis. */
  private static String serialize(Map<String, Integer> cart) {
    StringBuilder b = new StringBuilder("{");
    cart.forEach((k, v) -> b.append('"').append(k).append("\":").append(v).append(','));
    return b.append('}').toString();
  }
}
