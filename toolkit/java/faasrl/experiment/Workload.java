package faasrl.experiment;

import faasrl.cluster.LoadPattern;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A named load pattern for comparisons.
 *
 * @param name    short name: constant, step, diurnal, bursty
 * @param pattern the offered load
 */
public record Workload(String name, LoadPattern pattern) {

  /** Steps per rate of {@link #tuning}: half a training episode, so a short tuning run still sees several rates. */
  public static final int TUNING_STEPS_PER_RATE = 12;

  /**
   * The workload the tuned baselines are tuned on: drawn from the training distribution, never an
   * evaluation pattern: Poisson, a new rate every {@link #TUNING_STEPS_PER_RATE} steps drawn from
   * U[{@code rpsLow}, {@code rpsHigh}] with the setup's (training) seed, over {@code steps} steps.
   */
  public static Workload tuning(Setup s, int steps) {
    int n = Math.max(1, (steps + TUNING_STEPS_PER_RATE - 1) / TUNING_STEPS_PER_RATE);
    double[] from = new double[n], rps = new double[n];
    SplittableRandom rng = new SplittableRandom(s.seed());
    for (int i = 0; i < n; i++) {
      from[i] = i * TUNING_STEPS_PER_RATE * s.stepSeconds();
      rps[i] = s.rpsLow() + rng.nextDouble() * (s.rpsHigh() - s.rpsLow());
    }
    return new Workload("tuning", LoadPattern.steps(from, rps).asPoisson());
  }

  /**
   * The four comparison workloads over a run of {@code seconds}, all Poisson: constant 300 RPS; a step
   * from 150 to 450 RPS halfway; a diurnal sine 50..450 RPS over the run; bursty, 150 RPS with 30 s
   * bursts of 500 RPS every 120 s.
   */
  public static List<Workload> standard(double seconds) {
    return List.of(
        new Workload("constant", LoadPattern.poisson(300)),
        new Workload("step", LoadPattern.step(150, 450, Math.round(seconds / 2)).asPoisson()),
        new Workload("diurnal", LoadPattern.diurnal(50, 450, seconds).asPoisson()),
        new Workload("bursty", LoadPattern.bursty(150, 500, 120, 30)));
  }
}
