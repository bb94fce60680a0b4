package faasrl.scaler;

/** Argument checks shared by the scalers' builders. */
final class Scalers {
  private Scalers() {}

  static double positive(String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must be > 0, was " + v);
    }
    return v;
  }

  static double above(String what, double v, double floor) {
    if (!(v > floor) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must be > " + floor + ", was " + v);
    }
    return v;
  }
}
