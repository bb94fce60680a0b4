package faasrl.experiment;

import faasrl.env.Agent;
import java.util.List;
import java.util.function.Supplier;

/**
 * A small search for a baseline's tuned variant: every candidate runs on the same workload and seed;
 * the winner is the one with the least CPU among those meeting the SLO on at least
 * {@code minMetRate} of the steps, or, if none does, the one with the fewest violations.
 *
 * <!-- given: Evaluator evaluator -->
 * <pre>{@code
 * Tuning.Best best = Tuning.best(evaluator, 0.95, List.of(
 *     () -> Kpa.builder().targetConcurrency(0.5).name("kpa-tuned").build(),
 *     () -> Kpa.builder().targetConcurrency(1).name("kpa-tuned").build()));
 * }</pre>
 */
public final class Tuning {
  private Tuning() {}

  /**
   * The winner of a search.
   *
   * @param agent   a fresh instance of the winning candidate (no history)
   * @param factory makes more fresh instances of it
   * @param label   its description
   * @param summary its run on the tuning workload
   * @param seconds wall time of the search
   */
  public record Best(Agent agent, Supplier<Agent> factory, String label, Summary summary, double seconds) {}

  /** Evaluates each candidate (a factory, so the winner starts fresh) and returns the best. */
  public static Best best(Evaluator ev, double minMetRate, List<Supplier<Agent>> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("tuning needs at least one candidate");
    }
    long t0 = System.nanoTime();
    Supplier<Agent> winner = null;
    Summary best = null;
    for (Supplier<Agent> c : candidates) {
      Summary s = ev.run(c.get(), null).summary();
      if (best == null || better(s, best, minMetRate)) {
        best = s;
        winner = c;
      }
    }
    Agent a = winner.get();
    return new Best(a, winner, a.toString(), best, (System.nanoTime() - t0) / 1e9);
  }

  private static boolean better(Summary a, Summary b, double minMetRate) {
    boolean aMeets = a.sloMetRate() >= minMetRate, bMeets = b.sloMetRate() >= minMetRate;
    if (aMeets != bMeets) {
      return aMeets;
    }
    if (aMeets) {
      return a.cpuCoreSeconds() < b.cpuCoreSeconds();
    }
    return a.sloViolationRate() < b.sloViolationRate()
        || (a.sloViolationRate() == b.sloViolationRate() && a.cpuCoreSeconds() < b.cpuCoreSeconds());
  }
}
