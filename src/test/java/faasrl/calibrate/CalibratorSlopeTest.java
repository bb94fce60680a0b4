package faasrl.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calibrator's CPU per request: the least-squares slope of CPU use against completed requests
 * per second, so that idle CPU (the intercept) is not charged to requests; the ratio at the highest
 * load when one load or noise leaves no positive slope.
 */
class CalibratorSlopeTest {
  static Calibrator.Point point(double completedRps, double cpuUsedCores) {
    FunctionMetrics m = FunctionMetrics.builder("f").config(ScalingConfig.defaults()).completed((long) completedRps * 10).completedRps(completedRps)
        .cpuUsedCores(cpuUsedCores).build();
    return new Calibrator.Point(completedRps, m, Double.NaN, Double.NaN);
  }

  @Test void theSlopeLeavesTheIdleCpuOut() {
    // 0.05 cores idle plus 400 us per request, with noise
    List<Calibrator.Point> points = List.of(point(100, 0.05 + 0.04 + 0.002), point(300, 0.05 + 0.12 - 0.003),
        point(500, 0.05 + 0.20 + 0.001), point(700, 0.05 + 0.28));
    double xm = 400, ym = (0.092 + 0.167 + 0.251 + 0.33) / 4;
    double[] x = {100, 300, 500, 700};
    double[] y = {0.092, 0.167, 0.251, 0.33};
    double sxy = 0, sxx = 0;
    for (int i = 0; i < 4; i++) {
      sxy += (x[i] - xm) * (y[i] - ym);
      sxx += (x[i] - xm) * (x[i] - xm);
    }
    assertThat(Calibrator.cpuPerRequestMicros(points)).isCloseTo(sxy / sxx * 1e6, within(1e-9))
        .isCloseTo(400, within(10.0));
  }

  @Test void withOneLoadOrNoPositiveSlopeTheRatioAtTheHighestLoad() {
    assertThat(Calibrator.cpuPerRequestMicros(List.of(point(200, 0.1)))).isCloseTo(500, within(1e-9));
    assertThat(Calibrator.cpuPerRequestMicros(List.of(point(200, 0.2), point(400, 0.1))))
        .isCloseTo(250, within(1e-9));
    assertThat(Calibrator.cpuPerRequestMicros(List.of(point(200, 0.1), point(200, 0.3))))
        .isCloseTo(1500, within(1e-9));
  }

  @Test void withoutCompletedRequestsThereIsNoEstimate() {
    FunctionMetrics none = FunctionMetrics.builder("f").config(ScalingConfig.defaults()).build();
    assertThat(Calibrator.cpuPerRequestMicros(List.of(new Calibrator.Point(100, none, Double.NaN, Double.NaN))))
        .isNaN();
  }
}
