package faasrl.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import faasrl.cluster.ScalingConfig;
import org.junit.jupiter.api.Test;

/**
 * kubernetes/autoscaler's own VPA recommender test cases (CPU), replayed on {@link VpaRecommender}
 * and {@link Vpa}'s histogram. Source: {@code vertical-pod-autoscaler/pkg/recommender/logic/estimator_test.go}
 * and {@code recommender_test.go} at commit 2edb6b801844fa27b56f3d7724d0198fb88a270c (the last change
 * to that directory in the snapshot of kubernetes/autoscaler at 55c37cd5eb550756c5ccc5a89e9068d77797e575).
 * Go evaluates constant expressions such as {@code 3.14 * 1.1} exactly; the expected values below are
 * those exact results.
 *
 * <p>Cases that cannot be expressed, and why:
 * <ul>
 *   <li>The memory halves of TestPercentileEstimator, TestConfidenceMultiplier,
 *       TestConfidenceMultiplierWithCustomInterval, TestMarginEstimator and TestMinResourcesEstimator:
 *       faasrl's VPA recommends CPU only (their CPU halves are checked here).</li>
 *   <li>TestMinResourcesSplitAcrossContainers: a faasrl pod has one function container.</li>
 *   <li>TestControlledResourcesFiltered, TestControlledResourcesFilteredDefault: controlled resources
 *       are a VPA object setting; faasrl's VPA controls CPU only.</li>
 *   <li>TestMapToListOfRecommendedContainerResources: conversion to the Kubernetes API type.</li>
 * </ul>
 */
class VpaUpstreamTest {
  static final long BASE = VpaRecommender.fromCores(3.14);
  static final double DAY = 24 * 3600;

  @Test void TestPercentileEstimator() {
    double[] h = new double[Vpa.BUCKETS + 1];
    for (double cores : new double[] {1.0, 2.0, 3.0}) {
      h[Vpa.bucket(cores)] += 1.0;
    }
    // 5% relative error for the histogram's rounding
    assertThat(Vpa.percentile(h, 0.2)).isCloseTo(1.0, withinPercentage(5));
  }

  @Test void TestConfidenceMultiplier() {
    double none = VpaRecommender.confidence(0, 0, 0, DAY);
    assertThat(VpaRecommender.withConfidence(1.0, 1.0, none, BASE)).isEqualTo(VpaRecommender.MAX_AMOUNT);
    assertThat(VpaRecommender.withConfidence(1.0, -1.0, none, BASE)).isEqualTo(0);
    // nine samples two minutes apart: confidence = 9 / (60 x 24)
    double confidence = VpaRecommender.confidence(0, 8 * 120, 9, DAY);
    assertThat(confidence).isEqualTo(0.00625);
    // 3.14 x (1 + 0.1 / 0.00625)^2 = 907.46 cores
    assertThat(VpaRecommender.withConfidence(0.1, 2.0, confidence, BASE) / 1000.0).isEqualTo(907.46);
  }

  @Test void TestConfidenceMultiplierWithCustomInterval() {
    double confidence = VpaRecommender.confidence(0, 8 * 120, 9, 18 * 60);
    assertThat(confidence).isEqualTo(0.5);
    // 3.14 x (1 + 0.1 / 0.5)^2 = 4.5216, truncated to the millicore
    assertThat(VpaRecommender.withConfidence(0.1, 2.0, confidence, BASE) / 1000.0).isEqualTo(4.521);
  }

  @Test void TestConfidenceMultiplierNoHistory() {
    assertThat(VpaRecommender.withConfidence(0.1, 2.0, VpaRecommender.confidence(0, 0, 0, DAY), BASE))
        .isEqualTo(VpaRecommender.MAX_AMOUNT);
  }

  @Test void TestMarginEstimator() {
    assertThat(VpaRecommender.withMargin(0.1, BASE) / 1000.0).isEqualTo(3.454);
  }

  @Test void TestMinResourcesEstimator() {
    assertThat(VpaRecommender.atLeast(VpaRecommender.fromCores(0.2), BASE) / 1000.0).isEqualTo(3.14);
  }

  /** The recommender's 25 millicore minimum over a 1 millicore estimate; also through the {@link Vpa} agent. */
  @Test void TestMinResourcesApplied() {
    assertThat(VpaRecommender.atLeast(25, VpaRecommender.fromCores(0.001))).isEqualTo(25);
    Vpa vpa = Vpa.builder().build();
    vpa.act(ScalersTest.obs(ScalingConfig.defaults(), 1, 1000, 0.0001, 10), false);
    assertThat(vpa.recommendation("f")).isEqualTo(25);
  }
}
