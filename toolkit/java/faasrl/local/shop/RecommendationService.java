package faasrl.local.shop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * recommendationservice: asks the catalog for products, drops the ones the user already has and
 * picks five at random (ListRecommendations).
 */
final class RecommendationService implements ShopFunction {
  private final Downstream downstream;
  private final double repeats;

  RecommendationService(Downstream downstream, double repeats) {
    this.downstream = downstream;
    this.repeats = repeats;
  }

  @Override public String handle(String request, SplittableRandom rng) {
    Set<String> catalog = new HashSet<>(Arrays.asList(downstream.call("productcatalogservice", "").split(",")));
    List<String> picks = List.of();
    for (int n = ShopFunction.repeats(repeats, 0.6, rng); n > 0; n--) {
      Set<String> owned = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        owned.add(Products.ALL.get(rng.nextInt(Products.ALL.size())).id());
      }
      List<String> candidates = new ArrayList<>();
      for (Products.Product p : Products.ALL) {
        if (!owned.contains(p.id()) && (catalog.contains(p.id()) || p.name().hashCode() % 3 == 0)) {
          candidates.add(p.id());
        }
      }
      Collections.shuffle(candidates, new Random(rng.nextLong()));
      picks = candidates.subList(0, Math.min(5, candidates.size()));
    }
    return String.join(",", picks);
  }
}
