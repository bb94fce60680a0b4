package faasrl.local.shop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** adservice: ads for the context words of a request, or random ads when none match (AdService.GetAds). */
final class AdService implements ShopFunction {
  private final Map<String, List<String>> adsByCategory = new HashMap<>();
  private final List<String> allAds = new ArrayList<>();
  private final double repeats;

  AdService(double repeats) {
    this.repeats = repeats;
    String[] categories = {"donuts", "clothing", "accessories", "footwear", "hair", "decor", "kitchen",
        "cycling", "gardening", "photography"};
    for (String c : categories) {
      for (int i = 0; i < 20; i++) {
        String ad = "/product/" + c + "-" + i + "|" + c + " sale: " + (10 + i) + "% off " + c + " item " + i;
        adsByCategory.computeIfAbsent(c, k -> new ArrayList<>()).add(ad);
        allAds.add(ad);
      }
    }
  }

  @Override public String handle(String request, SplittableRandom rng) {
    String chosen = "";
    for (int n = ShopFunction.repeats(repeats, 0.6, rng); n > 0; n--) {
      List<String> hits = new ArrayList<>();
      for (String word : request.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
        hits.addAll(adsByCategory.getOrDefault(word, List.of()));
      }
      List<String> pool = hits.isEmpty() ? allAds : hits;
      chosen = pool.get(rng.nextInt(pool.size())) + ";" + pool.get(rng.nextInt(pool.size()));
    }
    return chosen;
  }
}
