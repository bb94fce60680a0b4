package faasrl.local.shop;

import java.time.YearMonth;
import java.util.SplittableRandom;
import java.util.UUID;

/** paymentservice: validates a card (Luhn, type, expiry) and charges it (PaymentService.Charge). */
final class PaymentService implements ShopFunction {
  private final double repeats;

  PaymentService(double repeats) {
    this.repeats = repeats;
  }

  @Override public String handle(String request, SplittableRandom rng) {
    String tx = "";
    for (int n = ShopFunction.repeats(repeats, 0.5, rng); n > 0; n--) {
      String card = cardNumber(rng.nextBoolean() ? "4" : "51", rng);
      YearMonth expiry = YearMonth.now().plusMonths(1 + rng.nextInt(48));
      if (!luhnValid(card)) {
        throw new IllegalStateException("card " + card + " fails the Luhn check");
      }
      String type = card.startsWith("4") ? "visa" : card.startsWith("5") ? "mastercard" : "unknown";
      if (expiry.isBefore(YearMonth.now()) || type.equals("unknown")) {
        return "declined";
      }
      tx = new UUID(rng.nextLong(), rng.nextLong()) + " " + type + " ****" + card.substring(card.length() - 4);
    }
    return tx;
  }

  private static String cardNumber(String prefix, SplittableRandom rng) {
    StringBuilder b = new StringBuilder(prefix);
    while (b.length() < 15) {
      b.append(rng.nextInt(10));
    }
    for (int check = 0; check < 10; check++) {
      if (luhnValid(b.toString() + check)) {
        return b.append(check).toString();
      }
    }
    throw new IllegalStateException("no Luhn check digit for " + b);
  }

  static boolean luhnValid(String digits) {
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }
}
