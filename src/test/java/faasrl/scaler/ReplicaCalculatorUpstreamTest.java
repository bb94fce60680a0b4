package faasrl.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.scaler.PodSample.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubernetes/kubernetes' own replica calculator test cases for CPU ({@code GetResourceReplicas}),
 * replayed on {@link ReplicaCalculator}. Source: {@code pkg/controller/podautoscaler/replica_calculator_test.go}
 * at commit 5f3bc7cdab9b2544f0389b9a83c88fa15b793b7a (the version the public index stores). Each row
 * carries the upstream test name; upstream also compares the utilisation and raw value, only the
 * replicas (or the error) are compared here.
 *
 * <p>Upstream's harness: {@code currentReplicas} pods (more if more phases are given), each with two
 * containers that both request {@code requests[i]} and both use {@code levels[i]}, so the ratios are
 * those of one container; pods past {@code levels} report no metric, pods past {@code requests} have
 * no request; a "hot" pod started now, inside the 2 min CPU initialisation period
 * ({@link PodSample#initialising()}); tolerance 0.1.
 *
 * <p>Cases that cannot be expressed, and why:
 * <ul>
 *   <li>Custom, object and external metrics (CPU only): TestReplicaCalcScaleUpCM,
 *       TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale, TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown,
 *       TestReplicaCalcScaleUpCMObject, TestReplicaCalcScaleUpCMPerPodObject,
 *       TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods, TestReplicaCalcScaleUpCMExternal,
 *       TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods, TestReplicaCalcScaleUpCMExternalNoLabels,
 *       TestReplicaCalcScaleUpPerPodCMExternal, TestReplicaCalcScaleDownCM, TestReplicaCalcScaleDownPerPodCMObject,
 *       TestReplicaCalcScaleDownCMObject, TestReplicaCalcScaleDownCMExternal,
 *       TestReplicaCalcScaleDownPerPodCMExternal, TestReplicaCalcToleranceCM, TestReplicaCalcToleranceCMObject,
 *       TestReplicaCalcTolerancePerPodCMObject, TestReplicaCalcToleranceCMExternal,
 *       TestReplicaCalcTolerancePerPodCMExternal.</li>
 *   <li>TestReplicaCalcDisjointResourcesMetrics, TestReplicaCalcSuperfluousMetrics: metrics for pods
 *       that do not exist; a {@link PodSample}'s metric belongs to its pod.</li>
 *   <li>TestGroupPods (11 rows): it checks the timing rule itself (start time, readiness transition,
 *       metric timestamp and window; one row is about memory); {@link PodSample} carries the rule's
 *       outcome ({@code ready}, {@code cpuInitialising}), which faasrl's backends report, not the times.</li>
 * </ul>
 */
class ReplicaCalculatorUpstreamTest {
  static final int ERROR = -1;

  /** One replicaCalcTestCase: per-pod arrays may be null (defaults: ready, cool, running, not deleting). */
  static Arguments calc(String name, int current, int expected, int target, long[] requests, long[] levels,
      boolean[] ready, boolean[] hot, Phase[] phase, boolean[] deleting) {
    return Arguments.of(name, current, expected, target, requests, levels, ready, hot, phase, deleting);
  }

  static long[] r(long... v) {
    return v;
  }

  static boolean[] b(boolean... v) {
    return v;
  }

  static Stream<Arguments> cases() {
    boolean t = true, f = false;
    long[] r3 = r(1000, 1000, 1000), r4 = r(1000, 1000, 1000, 1000), r5 = r(1000, 1000, 1000, 1000, 1000),
        r7 = r(1000, 1000, 1000, 1000, 1000, 1000, 1000), requestsJitter = r(400, 200, 310, 290, 302, 298, 301, 299, 300, 300),
        levels150 = r(150, 150, 150, 150, 150, 150, 150, 150, 150, 150);
    Phase run = Phase.RUNNING, pend = Phase.PENDING, fail = Phase.FAILED;
    return Stream.of(
        calc("TestReplicaCalcScaleUp", 3, 5, 30, r3, r(300, 500, 700), null, null, null, null),
        calc("TestReplicaCalcScaleUpUnreadyLessScale", 3, 4, 30, r3, r(300, 500, 700), b(f, t, t), null, null, null),
        calc("TestReplicaCalcScaleUpHotCpuLessScale", 3, 4, 30, r3, r(300, 500, 700), null, b(t, f, f), null, null),
        calc("TestReplicaCalcScaleUpUnreadyNoScale", 3, 3, 30, r3, r(400, 500, 700), b(t, f, f), null, null, null),
        calc("TestReplicaCalcScaleHotCpuNoScale", 3, 3, 30, r3, r(400, 500, 700), b(t, f, f), b(f, t, t), null, null),
        calc("TestReplicaCalcScaleUpIgnoresFailedPods", 2, 4, 30, r4, r(500, 700), b(t, t, f, f), null,
            new Phase[] {run, run, fail, fail}, null),
        calc("TestReplicaCalcScaleUpIgnoresDeletionPods", 2, 4, 30, r4, r(500, 700), b(t, t, f, f), null,
            new Phase[] {run, run, run, run}, b(f, f, t, t)),
        calc("TestReplicaCalcScaleDown", 5, 3, 50, r5, r(100, 300, 500, 250, 250), null, null, null, null),
        calc("TestReplicaCalcScaleDownIncludeUnreadyPods", 5, 2, 50, r5, r(100, 300, 500, 250, 250),
            b(t, t, t, f, f), null, null, null),
        calc("TestReplicaCalcScaleDownExcludeUnscheduledPods", 5, 1, 50, r5, r(100), b(t, f, f, f, f), null,
            new Phase[] {run, pend, pend, pend, pend}, null),
        calc("TestReplicaCalcScaleDownIgnoreHotCpuPods", 5, 2, 50, r5, r(100, 300, 500, 250, 250), null,
            b(f, f, f, t, t), null, null),
        calc("TestReplicaCalcScaleDownIgnoresFailedPods", 5, 3, 50, r7, r(100, 300, 500, 250, 250),
            b(t, t, t, t, t, f, f), null, new Phase[] {run, run, run, run, run, fail, fail}, null),
        calc("TestReplicaCalcScaleDownIgnoresDeletionPods", 5, 3, 50, r7, r(100, 300, 500, 250, 250),
            b(t, t, t, t, t, f, f), null, new Phase[] {run, run, run, run, run, run, run}, b(f, f, f, f, f, t, t)),
        calc("TestReplicaCalcTolerance", 3, 3, 100, r(900, 1000, 1100), r(1010, 1030, 1020), null, null, null, null),
        calc("TestReplicaCalcMissingMetrics", 4, 3, 100, r4, r(400, 95), null, null, null, null),
        calc("TestReplicaCalcEmptyMetrics", 4, ERROR, 100, r3, r(), null, null, null, null),
        calc("TestReplicaCalcEmptyCPURequest", 1, ERROR, 100, r(), r(200), null, null, null, null),
        calc("TestReplicaCalcMissingMetricsNoChangeEq", 2, 2, 100, r(1000, 1000), r(1000), null, null, null, null),
        calc("TestReplicaCalcMissingMetricsNoChangeGt", 2, 2, 100, r(1000, 1000), r(1900), null, null, null, null),
        calc("TestReplicaCalcMissingMetricsNoChangeLt", 2, 2, 100, r(1000, 1000), r(600), null, null, null, null),
        calc("TestReplicaCalcMissingMetricsUnreadyChange", 3, 3, 50, r3, r(100, 450), b(f, t, t), null, null, null),
        calc("TestReplicaCalcMissingMetricsHotCpuNoChange", 3, 3, 50, r3, r(100, 450), null, b(t, f, f), null, null),
        calc("TestReplicaCalcMissingMetricsUnreadyScaleUp", 3, 4, 50, r3, r(100, 2000), b(f, t, t), null, null, null),
        calc("TestReplicaCalcMissingMetricsHotCpuScaleUp", 3, 4, 50, r3, r(100, 2000), b(f, t, t), b(t, f, f), null,
            null),
        calc("TestReplicaCalcMissingMetricsUnreadyScaleDown", 4, 3, 50, r4, r(100, 100, 100), b(f, t, t, t), null, null,
            null),
        // target = 1 / (2 x 0.9) + 0.01 -> 56%, then + 0.004 -> 55%; 1500m used of 3000m requested
        calc("TestReplicaCalcComputedToleranceAlgImplementation/scale", 10, 9, 56, requestsJitter, levels150, null, null,
            null, null),
        calc("TestReplicaCalcComputedToleranceAlgImplementation/no scale", 10, 10, 55, requestsJitter, levels150, null,
            null, null, null));
  }

  static List<PodSample> pods(int current, long[] requests, long[] levels, boolean[] ready, boolean[] hot,
      Phase[] phase, boolean[] deleting) {
    int n = phase != null ? Math.max(current, phase.length) : current;
    List<PodSample> pods = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long request = i < requests.length ? 2 * requests[i] : 0; // two containers
      PodSample p = i < levels.length ? PodSample.of(request, 2 * levels[i]) : PodSample.missing(request);
      if (ready != null && i < ready.length && !ready[i]) {
        p = p.unready();
      }
      if (hot != null && hot[i]) {
        p = p.initialising();
      }
      if (phase != null) {
        p = p.withPhase(phase[i]);
      }
      if (deleting != null && deleting[i]) {
        p = p.beingDeleted();
      }
      pods.add(p);
    }
    return pods;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void replicaCalculatorCase(String upstreamTest, int current, int expected, int target, long[] requests,
      long[] levels, boolean[] ready, boolean[] hot, Phase[] phase, boolean[] deleting) {
    List<PodSample> pods = pods(current, requests, levels, ready, hot, phase, deleting);
    if (expected == ERROR) {
      assertThatThrownBy(() -> ReplicaCalculator.resourceReplicas(current, target, pods, 0.1))
          .isInstanceOf(ReplicaCalculator.NoRecommendation.class);
    } else {
      assertThat(ReplicaCalculator.resourceReplicas(current, target, pods, 0.1)).as(upstreamTest).isEqualTo(expected);
    }
  }
}
