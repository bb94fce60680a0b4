package faasrl.local.shop;

import java.util.Map;
import java.util.SplittableRandom;

/** currencyservice: converts money via EUR with units/nanos carry, as the Node service does (Convert). */
final class CurrencyService implements ShopFunction {
  private static final Map<String, Double> EUR_RATES = Map.ofEntries(Map.entry("EUR", 1.0),
      Map.entry("USD", 1.1305), Map.entry("JPY", 126.40), Map.entry("BGN", 1.9558), Map.entry("CZK", 25.592),
      Map.entry("DKK", 7.4609), Map.entry("GBP", 0.85970), Map.entry("HUF", 315.51), Map.entry("PLN", 4.2996),
      Map.entry("RON", 4.7463), Map.entry("SEK", 10.5375), Map.entry("CHF", 1.1360), Map.entry("ISK", 136.80),
      Map.entry("NOK", 9.8040), Map.entry("HRK", 7.4210), Map.entry("RUB", 74.4208), Map.entry("TRY", 6.1247),
      Map.entry("AUD", 1.6072), Map.entry("BRL", 4.2682), Map.entry("CAD", 1.5128), Map.entry("CNY", 7.5857),
      Map.entry("HKD", 8.8743), Map.entry("IDR", 15999.40), Map.entry("ILS", 4.0875), Map.entry("INR", 79.4320),
      Map.entry("KRW", 1275.05), Map.entry("MXN", 21.7999), Map.entry("MYR", 4.6289), Map.entry("NZD", 1.6679),
      Map.entry("PHP", 59.083), Map.entry("SGD", 1.5349), Map.entry("THB", 36.012), Map.entry("ZAR", 16.0583));
  private static final String[] CODES = EUR_RATES.keySet().stream().sorted().toArray(String[]::new);
  private final double repeats;

  CurrencyService(double repeats) {
    this.repeats = repeats;
  }

  @Override public String handle(String request, SplittableRandom rng) {
    long units = parseAmount(request);
    String out = "";
    for (int n = ShopFunction.repeats(repeats, 0.5, rng); n > 0; n--) {
      String from = CODES[rng.nextInt(CODES.length)];
      String to = CODES[rng.nextInt(CODES.length)];
      long[] eur = carry(units / EUR_RATES.get(from), (rng.nextInt(1_000_000_000)) / EUR_RATES.get(from));
      long[] res = carry(eur[0] * EUR_RATES.get(to), eur[1] * EUR_RATES.get(to));
      out = String.format("%d.%09d %s", res[0], res[1], to);
    }
    return out;
  }

  /** Moves the fractional part of units into nanos and whole units out of nanos. */
  private static long[] carry(double units, double nanos) {
    double fraction = units % 1;
    long nanosTotal = Math.round(nanos + fraction * 1e9);
    long wholeUnits = (long) Math.floor(units) + nanosTotal / 1_000_000_000L;
    return new long[] {wholeUnits, nanosTotal % 1_000_000_000L};
  }

  private static long parseAmount(String request) {
    try {
      return Long.parseLong(request.replaceAll("[^0-9]", "").isEmpty() ? "100" : request.replaceAll("[^0-9]", ""));
    } catch (NumberFormatException e) {
      return 100;
    }
  }
}
