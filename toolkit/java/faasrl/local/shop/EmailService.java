package faasrl.local.shop;

import java.util.SplittableRandom;

/** emailservice: renders the order-confirmation HTML template with escaping (SendOrderConfirmation). */
final class EmailService implements ShopFunction {
  private static final String TEMPLATE = "<html><body><h2>Your Order Confirmation</h2>"
      + "<p>Thanks for shopping with us, {{email}}!</p><p>Order ID: #{{order_id}}</p>"
      + "<h3>Shipping</h3><p>#{{tracking}}</p><table>{{items}}</table>"
      + "<p>Total: {{total}}</p></body></html>";
  private final double repeats;

  EmailService(double repeats) {
    this.repeats = repeats;
  }

  @Override public String handle(String request, SplittableRandom rng) {
    String html = "";
    for (int n = ShopFunction.repeats(repeats, 0.6, rng); n > 0; n--) {
      StringBuilder rows = new StringBuilder();
      long total = 0;
      for (int i = 0, k = 1 + rng.nextInt(5); i < k; i++) {
        Products.Product p = Products.ALL.get(rng.nextInt(Products.ALL.size()));
        int qty = 1 + rng.nextInt(3);
        total += qty * p.priceMicros();
        rows.append("<tr><td>").append(escape(p.name())).append("</td><td>").append(qty)
            .append("</td><td>").append(money(p.priceMicros())).append("</td></tr>");
      }
      html = TEMPLATE.replace("{{email}}", escape(request + "@example.com"))
          .replace("{{order_id}}", Long.toHexString(rng.nextLong()))
          .replace("{{tracking}}", Integer.toString(rng.nextInt(1_000_000)))
          .replace("{{items}}", rows).replace("{{total}}", money(total));
    }
    return "sent " + html.length() + " bytes";
  }

  private static String money(long micros) {
    return String.format("$%d.%02d", micros / 1_000_000, micros % 1_000_000 / 10_000);
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
