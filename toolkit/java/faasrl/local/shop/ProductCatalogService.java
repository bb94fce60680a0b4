package faasrl.local.shop;

import java.util.Locale;
import java.util.SplittableRandom;

/** productcatalogservice: searches the product list for the request's words (ListProducts / SearchProducts). */
final class ProductCatalogService implements ShopFunction {
  private final double repeats;

  ProductCatalogService(double repeats) {
    this.repeats = repeats;
  }

  @Override public String handle(String request, SplittableRandom rng) {
    String query = request.toLowerCase(Locale.ROOT);
    StringBuilder ids = new StringBuilder();
    for (int n = ShopFunction.repeats(repeats, 0.5, rng); n > 0; n--) {
      ids.setLength(0);
      int from = rng.nextInt(Products.ALL.size());
      for (int i = 0; i < 100; i++) {
        Products.Product p = Products.ALL.get((from + i) % Products.ALL.size());
        if (p.name().contains(query) || p.description().toLowerCase(Locale.ROOT).contains(query)
            || query.isEmpty()) {
          ids.append(p.id()).append(',');
        }
      }
    }
    return ids.toString();
  }
}
