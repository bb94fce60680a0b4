package faasrl.experiment;

import faasrl.cluster.LoadPattern;
import java.util.List;

/**
 * A named load pattern for comparisons.
 *
 * @param name    short name: constant, step, diurnal, bursty
 * @param pattern the offered load
 */
public record Workload(String name, LoadPattern pattern) {

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
