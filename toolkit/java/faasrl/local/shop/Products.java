package faasrl.local.shop;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** The shop's product list: 400 generated products, the same in every process (fixed seed). */
final class Products {
  private static final String[] NOUNS = {"sunglasses", "tank top", "watch", "loafers", "hairdryer",
      "candle holder", "salt and pepper shakers", "bamboo glass jar", "mug", "lorem ipsum notebook"};
  private static final String[] ADJECTIVES = {"vintage", "modern", "city", "classic", "summer",
      "handmade", "minimal", "retro", "sturdy", "elegant", "loremipsum"};
  private static final String[] CATEGORIES = {"accessories", "clothing", "kitchen", "home", "beauty",
      "footwear", "decor", "vintage"};

  /** One product: id, name, description, category, price in micro-dollars. */
  record Product(String id, String name, String description, String category, long priceMicros) {}

  static final List<Product> ALL = generate(400);

  private Products() {}

  private static List<Product> generate(int n) {
    SplittableRandom r = new SplittableRandom(42);
    return IntStream.range(0, n).mapToObj(i -> {
      String adj = ADJECTIVES[r.nextInt(ADJECTIVES.length)];
      String noun = NOUNS[r.nextInt(NOUNS.length)];
      String name = adj + " " + noun;
      String desc = "A " + adj + " " + noun + " for every day, made with care; item " + i
          + (r.nextInt(5) == 0 ? ", loremipsum edition" : "");
      return new Product(String.format("P%05d", i), name, desc, CATEGORIES[r.nextInt(CATEGORIES.length)],
          1_000_000L + r.nextLong(200_000_000L));
    }).toList();
  }
}
