package faasrl.local.shop;

import java.util.SplittableRandom;

/**
 * The work one online-shop function does for one request: real computation modelled on the vSwarm
 * service, repeated a per-request number of times so that its CPU cost compares with the others as
 * the catalog's profiles say (the repeat count is lognormal, as service times are right-skewed).
 */
public interface ShopFunction {

  /** Handles one request's {@code name} field and returns the reply's {@code message}. */
  String handle(String request, SplittableRandom rng);

  /**
   * A repeat count with mean {@code mean} and coefficient of variation {@code cv} (lognormal),
   * at least 1.
   */
  static int repeats(double mean, double cv, SplittableRandom rng) {
    double s2 = Math.log(1 + cv * cv);
    double u, v, q;
    do {
      u = 2 * rng.nextDouble() - 1;
      v = 2 * rng.nextDouble() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q == 0);
    double z = u * Math.sqrt(-2 * Math.log(q) / q);
    return (int) Math.max(1, Math.round(Math.exp(Math.log(mean) - s2 / 2 + Math.sqrt(s2) * z)));
  }
}
