package faasrl.env;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SLO-cost reward on the simulated cluster, over a grid of configurations and loads: wherever
 * the configuration in force violates the SLO, a step that scales down never earns more than a step
 * that holds, for one step and over three steps in a row. Each pair runs on two clusters with the
 * same seed, so both see the same arrivals.
 */
class NoOverloadAttractorTest {
  static final Duration SLO = Duration.ofMillis(5);
  /** The default weights, and the CPU-heavy weights of the vertical experiments. */
  static final List<Rewards.Weights> WEIGHTS = List.of(Rewards.Weights.defaults(), new Rewards.Weights(1, 2, 4, 0, 2));

  @Test void verticalScaleDownNeverPaysWhileTheSloIsMissed() {
    List<String> checked = new ArrayList<>();
    for (Rewards.Weights w : WEIGHTS) {
      for (double rps : new double[] {60, 150, 300, 500}) {
        for (int cpu : new int[] {50, 80, 110, 150, 200, 260}) {
          for (int down : new int[] {30, 10}) {
            ScalingConfig at = ScalingConfig.defaults().cpuMillicores(cpu);
            double[] hold = run(w, rps, at, at, false);
            if (hold == null) {
              continue; // the configuration meets the SLO: scaling down may pay there
            }
            double[] lower = run(w, rps, at, at.cpuMillicores(cpu - down), false);
            checked.add(rps + " rps " + cpu + "m -" + down);
            assertThat(lower[0]).as("one step at %s rps from %dm: down %dm vs hold", rps, cpu, down)
                .isLessThanOrEqualTo(hold[0]);
            assertThat(lower[1]).as("three steps at %s rps from %dm: down %dm vs hold", rps, cpu, down)
                .isLessThanOrEqualTo(hold[1]);
          }
        }
      }
    }
    // the grid reaches into overload at every rate but the lowest
    assertThat(checked.size()).isGreaterThanOrEqualTo(12);
  }

  @Test void horizontalScaleInNeverPaysWhileTheSloIsMissed() {
    List<String> checked = new ArrayList<>();
    for (double rps : new double[] {300, 600}) {
      for (int replicas : new int[] {2, 3, 4}) {
        ScalingConfig at = ScalingConfig.defaults().cpuMillicores(60).replicas(replicas);
        double[] hold = run(Rewards.Weights.defaults(), rps, at, at, true);
        if (hold == null) {
          continue;
        }
        double[] fewer = run(Rewards.Weights.defaults(), rps, at, at.replicas(replicas - 1), true);
        checked.add(rps + " rps x" + replicas);
        assertThat(fewer[0]).as("one step at %s rps from %d replicas", rps, replicas).isLessThanOrEqualTo(hold[0]);
        assertThat(fewer[1]).as("three steps at %s rps from %d replicas", rps, replicas).isLessThanOrEqualTo(hold[1]);
      }
    }
    assertThat(checked).isNotEmpty();
  }

  /**
   * Starts at {@code at} under {@code rps}, then applies {@code next} and holds it for three steps;
   * returns {first reward, sum of the three}, or null if {@code at} met the SLO in its step.
   */
  static double[] run(Rewards.Weights w, double rps, ScalingConfig at, ScalingConfig next, boolean horizontal) {
    try (Cluster c = Clusters.simulated().workers(2).coresPerWorker(8).seed(5).start()) {
      ScalingEnv.Builder b = horizontal ? ScalingEnv.horizontal(c, "adservice") : ScalingEnv.vertical(c, "adservice");
      ScalingEnv env = b.slo(SLO).load(LoadPattern.poisson(rps)).bounds(Bounds.of(20, 1000, 1, 10)).resetConfig(at)
          .reward(Rewards.sloCost(w)).termination(Termination.never()).seed(1).build();
      Observation o = env.reset();
      if (env.spec().sloMet(o.last())) {
        return null;
      }
      StepOutcome first = env.step(Action.configs(Map.of("adservice", next)));
      double sum = first.reward();
      StepOutcome s = first;
      for (int i = 0; i < 2; i++) {
        s = env.step(Action.keep(s.observation()));
        sum += s.reward();
      }
      return new double[] {first.reward(), sum};
    }
  }
}
