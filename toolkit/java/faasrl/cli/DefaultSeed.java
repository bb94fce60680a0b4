package faasrl.cli;

/**
 * The {@code --seed} every command uses when none is given: the seed of
 * {@code Setup.defaults()}, so that {@code simulate}, {@code train} and {@code evaluate} without
 * {@code --seed} run on the same simulated cluster.
 */
final class DefaultSeed {
  /** As picocli's {@code defaultValue} wants it. */
  static final String VALUE = "7";

  private DefaultSeed() {}
}
