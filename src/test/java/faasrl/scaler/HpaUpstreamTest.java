package faasrl.scaler;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.scaler.HpaNormaliser.Normalised;
import faasrl.scaler.HpaNormaliser.Recommendation;
import faasrl.scaler.HpaNormaliser.ScaleEvent;
import faasrl.scaler.PodSample.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubernetes/kubernetes' own HPA controller test cases, replayed on {@link Hpa#reconcile},
 * {@link ReplicaCalculator} and {@link HpaNormaliser}. Source:
 * {@code pkg/controller/podautoscaler/horizontal_test.go} at commit
 * 4e62298c1bd12c8b9b9c7337aa7fd07a8b9c37a8 (the version the public index stores; the release-1.35
 * file could not be fetched, the repository's snapshot being over the size limit). The code under
 * test follows the newer controller as read from recent copies of {@code horizontal.go} and
 * {@code replica_calculator.go} (initial recommendation seeding, {@code Tolerances}, missing-pod
 * fallback max(100%, target), behavior limits from both directions' events); on these cases the two
 * versions agree. Each test carries the upstream
 * name; table rows are parameters named after their upstream names. Upstream asserts the desired
 * replicas and also conditions and events; only the replicas are compared here (plus the
 * ScalingLimited reason where upstream's pure-function tests compare it).
 *
 * <p>Upstream's test harness: CPU requests and usage are split over two containers with integer
 * halving ({@code cpu/2} each), so a pod reports 2 x (level / 2) millicores; pods without a given
 * start time started long ago; a "hot" pod started now and is inside the 2 min CPU initialisation
 * period ({@link PodSample#initialising()}); {@code recommendations: nil} lets the controller seed
 * the window with the current count, {@code []} leaves it empty; tolerance 0.1, 5 min downscale
 * window, and {@code scaleUpLimitFactor = 8} (the test file's {@code init}).
 *
 * <p>Cases that cannot be expressed, and why:
 * <ul>
 *   <li>Custom, object and external metrics (faasrl's HPA scales on CPU only): TestScaleUpCM,
 *       TestScaleUpCMUnreadyAndHotCpuNoLessScale, TestScaleUpCMUnreadyandCpuHot,
 *       TestScaleUpHotCpuNoScaleWouldScaleDown, TestScaleUpCMObject, TestScaleUpFromZeroCMObject,
 *       TestScaleUpFromZeroIgnoresToleranceCMObject, TestScaleUpPerPodCMObject, TestScaleUpCMExternal,
 *       TestScaleUpPerPodCMExternal, TestScaleDownCM, TestScaleDownCMObject, TestScaleDownToZeroCMObject,
 *       TestScaleDownPerPodCMObject, TestScaleDownCMExternal, TestScaleDownToZeroCMExternal,
 *       TestScaleDownPerPodCMExternal, TestToleranceCM, TestToleranceCMObject, TestToleranceCMExternal,
 *       TestTolerancePerPodCMObject, TestTolerancePerPodCMExternal, TestNoBackoffUpscaleCM,
 *       TestNoBackoffUpscaleCMNoBackoffCpu.</li>
 *   <li>Container resource metrics (a faasrl pod is one function container): TestScaleUpContainer,
 *       TestScaleDownContainerResource.</li>
 *   <li>Several metrics, invalid or failing ones: TestScaleUpOneMetricInvalid,
 *       TestScaleUpFromZeroOneMetricInvalid, TestScaleUpBothMetricsEmpty, TestScaleDownOneMetricInvalid,
 *       TestScaleDownOneMetricEmpty, TestScaleUpOneMetricEmpty, TestNoScaleDownOneMetricInvalid,
 *       TestNoScaleDownOneMetricEmpty.</li>
 *   <li>Kubernetes API failures and status conditions only: TestConditionInvalidSelectorMissing,
 *       TestConditionInvalidSelectorUnparsable, TestConditionFailedGetMetrics,
 *       TestConditionInvalidSourceType, TestConditionFailedGetScale, TestConditionFailedUpdateScale.</li>
 *   <li>TestSuperfluousMetrics: metrics for pods that do not exist; faasrl's metrics belong to pods.</li>
 * </ul>
 */
class HpaUpstreamTest {
  static final double T0 = 10_000;

  /** One of upstream's controller test cases (the testCase struct, CPU part). */
  static final class Case {
    int min, max, spec, target;
    long[] levels = {};
    long[] requests;            // null: statusReplicas pods of 1000m
    int status;
    boolean[] ready, hot, deleting;
    Phase[] phase;
    List<Recommendation> recommendations; // null: seeded with the current count
    ScalingRules up, down;

    Case(int min, int max, int spec, int target) {
      this.min = min;
      this.max = max;
      this.spec = spec;
      this.status = spec;
      this.target = target;
    }

    Case levels(long... v) {
      levels = v;
      return this;
    }

    Case requests(long... v) {
      requests = v;
      return this;
    }

    Case ready(boolean... v) {
      ready = v;
      return this;
    }

    Case hot(boolean... v) {
      hot = v;
      return this;
    }

    Case deleting(boolean... v) {
      deleting = v;
      return this;
    }

    Case phase(Phase... v) {
      phase = v;
      return this;
    }

    Case recommendations(Recommendation... v) {
      recommendations = List.of(v);
      return this;
    }

    Case status(int v) {
      status = v;
      return this;
    }

    Case rules(ScalingRules scaleUp, ScalingRules scaleDown) {
      up = scaleUp;
      down = scaleDown;
      return this;
    }

    List<PodSample> pods() {
      int n = requests != null ? requests.length : status;
      List<PodSample> pods = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long request = requests != null ? requests[i] / 2 * 2 : 1000;
        PodSample p = i < levels.length ? PodSample.of(request, levels[i] / 2 * 2) : PodSample.missing(request);
        if (ready != null && !ready[i]) {
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

    int run() {
      Hpa.Builder b = Hpa.builder().minReplicas(min).maxReplicas(max).targetUtilisation(Math.max(1, target) / 100.0);
      if (up != null || down != null) {
        b.behavior(up, down);
      }
      HpaNormaliser n = new HpaNormaliser(300, 8);
      if (recommendations != null) {
        n.recommendations(recommendations);
      } else {
        n.recordInitialRecommendation(spec, T0);
      }
      return b.build().reconcile(n, spec, pods(), T0);
    }
  }

  static Recommendation rec(int replicas, double ageSeconds) {
    return new Recommendation(replicas, T0 - ageSeconds);
  }

  static final long[] R1000x3 = {1000, 1000, 1000}, R1000x5 = {1000, 1000, 1000, 1000, 1000},
      R_9_10_11 = {900, 1000, 1100};

  /** Upstream's generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow). */
  static ScalingRules rules(int pods, int podsPeriod, int percent, int percentPeriod, int window) {
    List<ScalingRules.Policy> p = new ArrayList<>();
    if (pods != 0) {
      p.add(new ScalingRules.Policy(ScalingRules.PolicyType.PODS, pods, podsPeriod));
    }
    if (percent != 0) {
      p.add(new ScalingRules.Policy(ScalingRules.PolicyType.PERCENT, percent, percentPeriod));
    }
    return new ScalingRules((double) window, ScalingRules.Select.MAX, p);
  }

  static Stream<Arguments> controllerCases() {
    boolean t = true, f = false;
    return Stream.of(
        Arguments.of("TestScaleUp", new Case(2, 6, 3, 30).levels(300, 500, 700).requests(R1000x3), 5),
        Arguments.of("TestScaleUpUnreadyLessScale",
            new Case(2, 6, 3, 30).levels(300, 500, 700).requests(R1000x3).ready(f, t, t), 4),
        Arguments.of("TestScaleUpHotCpuLessScale",
            new Case(2, 6, 3, 30).levels(300, 500, 700).requests(R1000x3).hot(t, f, f), 4),
        Arguments.of("TestScaleUpUnreadyNoScale",
            new Case(2, 6, 3, 30).levels(400, 500, 700).requests(R1000x3).ready(t, f, f), 3),
        Arguments.of("TestScaleUpHotCpuNoScale",
            new Case(2, 6, 3, 30).levels(400, 500, 700).requests(R1000x3).ready(t, f, f).hot(f, t, t), 3),
        Arguments.of("TestScaleUpIgnoresFailedPods", new Case(2, 6, 2, 30).levels(500, 700)
            .requests(1000, 1000, 1000, 1000).ready(t, t, f, f)
            .phase(Phase.RUNNING, Phase.RUNNING, Phase.FAILED, Phase.FAILED), 4),
        Arguments.of("TestScaleUpIgnoresDeletionPods", new Case(2, 6, 2, 30).levels(500, 700)
            .requests(1000, 1000, 1000, 1000).ready(t, t, f, f).deleting(f, f, t, t), 4),
        Arguments.of("TestScaleUpDeployment", new Case(2, 6, 3, 30).levels(300, 500, 700).requests(R1000x3), 5),
        Arguments.of("TestScaleUpReplicaSet", new Case(2, 6, 3, 30).levels(300, 500, 700).requests(R1000x3), 5),
        Arguments.of("TestScaleDown", new Case(2, 6, 5, 50).levels(100, 300, 500, 250, 250).requests(R1000x5)
            .recommendations(), 3),
        Arguments.of("TestScaleDownWithScalingRules", new Case(2, 6, 5, 50).levels(100, 300, 500, 250, 250)
            .requests(R1000x5).recommendations().rules(rules(0, 0, 100, 15, 30), null), 3),
        Arguments.of("TestScaleDownStabilizeInitialSize",
            new Case(2, 6, 5, 50).levels(100, 300, 500, 250, 250).requests(R1000x5), 5),
        Arguments.of("TestScaleDownIncludeUnreadyPods", new Case(2, 6, 5, 50).levels(100, 300, 500, 250, 250)
            .requests(R1000x5).ready(t, t, t, f, f).recommendations(), 2),
        Arguments.of("TestScaleDownIgnoreHotCpuPods", new Case(2, 6, 5, 50).levels(100, 300, 500, 250, 250)
            .requests(R1000x5).hot(f, f, f, t, t).recommendations(), 2),
        Arguments.of("TestScaleDownIgnoresFailedPods", new Case(2, 6, 5, 50).levels(100, 300, 500, 250, 250)
            .requests(1000, 1000, 1000, 1000, 1000, 1000, 1000).ready(t, t, t, t, t, f, f)
            .phase(Phase.RUNNING, Phase.RUNNING, Phase.RUNNING, Phase.RUNNING, Phase.RUNNING, Phase.FAILED,
                Phase.FAILED).recommendations(), 3),
        Arguments.of("TestScaleDownIgnoresDeletionPods", new Case(2, 6, 5, 50).levels(100, 300, 500, 250, 250)
            .requests(1000, 1000, 1000, 1000, 1000, 1000, 1000).ready(t, t, t, t, t, f, f)
            .deleting(f, f, f, f, f, t, t).recommendations(), 3),
        Arguments.of("TestTolerance", new Case(1, 5, 3, 100).levels(1010, 1030, 1020).requests(R_9_10_11), 3),
        Arguments.of("TestMinReplicas", new Case(2, 5, 3, 90).levels(10, 95, 10).requests(R_9_10_11)
            .recommendations(), 2),
        Arguments.of("TestZeroMinReplicasDesiredZero", new Case(0, 5, 3, 90).levels(0, 0, 0).requests(R_9_10_11)
            .recommendations(), 0),
        Arguments.of("TestMinReplicasDesiredZero", new Case(2, 5, 3, 90).levels(0, 0, 0).requests(R_9_10_11)
            .recommendations(), 2),
        Arguments.of("TestZeroReplicas", new Case(3, 5, 0, 90).requests(), 0),
        Arguments.of("TestTooFewReplicas", new Case(3, 5, 2, 90).requests(), 3),
        Arguments.of("TestTooManyReplicas", new Case(3, 5, 10, 90).requests(), 5),
        Arguments.of("TestMaxReplicas", new Case(2, 5, 3, 90).levels(8000, 9500, 1000).requests(R_9_10_11), 5),
        Arguments.of("TestMissingMetrics", new Case(2, 6, 4, 100).levels(400, 95).requests(1000, 1000, 1000, 1000)
            .recommendations(), 3),
        Arguments.of("TestEmptyMetrics", new Case(2, 6, 4, 100).requests(1000, 1000, 1000, 1000), 4),
        Arguments.of("TestEmptyCPURequest", new Case(1, 5, 1, 100).levels(200).requests(), 1),
        Arguments.of("TestEventCreated", new Case(1, 5, 1, 50).levels(200).requests(200), 2),
        Arguments.of("TestEventNotCreated", new Case(1, 5, 2, 50).levels(200, 200).requests(400, 400), 2),
        Arguments.of("TestMissingReports", new Case(1, 5, 4, 50).levels(200).requests(200).recommendations(), 2),
        Arguments.of("TestUpscaleCap", new Case(1, 100, 3, 10).levels(100, 200, 300).requests(100, 100, 100)
            .rules(rules(0, 0, 700, 60, 0), null), 24),
        Arguments.of("TestUpscaleCapGreaterThanMaxReplicas", new Case(1, 20, 3, 10).levels(100, 200, 300)
            .requests(100, 100, 100).rules(rules(0, 0, 700, 60, 0), null), 20),
        Arguments.of("TestMoreReplicasThanSpecNoScale", new Case(1, 8, 4, 50).status(5).levels(500, 500, 500, 500, 500)
            .requests(R1000x5), 4),
        Arguments.of("TestStabilizeDownscale", new Case(1, 5, 4, 100).levels(50, 50, 50).requests(100, 100, 100)
            .recommendations(rec(10, 600), rec(4, 60)), 4),
        Arguments.of("TestComputedToleranceAlgImplementation/tc1", new Case(0, 1000, 10, 56)
            .levels(150, 150, 150, 150, 150, 150, 150, 150, 150, 150)
            .requests(400, 200, 310, 290, 302, 298, 301, 299, 300, 300).recommendations(), 9),
        Arguments.of("TestComputedToleranceAlgImplementation/tc2", new Case(0, 1000, 10, 55)
            .levels(150, 150, 150, 150, 150, 150, 150, 150, 150, 150)
            .requests(400, 200, 310, 290, 302, 298, 301, 299, 300, 300).recommendations(), 10),
        Arguments.of("TestScaleUpRCImmediately", new Case(2, 6, 1, 0).levels(0, 0, 0, 0)
            .requests(1000, 1000, 1000, 1000), 2),
        Arguments.of("TestScaleDownRCImmediately", new Case(2, 5, 6, 50).levels(8000, 9500, 1000)
            .requests(R_9_10_11), 5),
        Arguments.of("TestAvoidUnnecessaryUpdates", new Case(2, 6, 2, 30).levels(400, 500, 700).requests(R1000x3)
            .hot(f, t, t).recommendations(), 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controllerCases")
  void horizontalControllerCase(String upstreamTest, Case c, int expectedDesiredReplicas) {
    assertThat(c.run()).as(upstreamTest).isEqualTo(expectedDesiredReplicas);
  }

  static Stream<Arguments> convertDesiredReplicasWithRules() {
    return Stream.of(
        Arguments.of("prenormalized desired replicas within range", 5, 7, 3, 8, 7, "DesiredWithinRange"),
        Arguments.of("prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, "TooFewReplicas"),
        Arguments.of("prenormalized desired zeroed replicas within range", 1, 0, 0, 10, 0, "DesiredWithinRange"),
        Arguments.of("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10,
            "TooManyReplicas"),
        Arguments.of("scaleUpLimit is the limit because scaleUpLimit < maxReplicas", 3, 1000, 1, 2000, 24,
            "ScaleUpLimit"));
  }

  @ParameterizedTest(name = "TestConvertDesiredReplicasWithRules/{0}")
  @MethodSource("convertDesiredReplicasWithRules")
  void TestConvertDesiredReplicasWithRules(String annotation, int current, int desired, int min, int max,
      int expected, String condition) {
    Normalised n = HpaNormaliser.convertDesiredReplicasWithRules(current, desired, min, max, 8);
    assertThat(n).isEqualTo(new Normalised(expected, condition));
  }

  /** The same case with production's factor 2: max(2 x 3, 4) = 6, not 3 + 4. */
  @Test void convertDesiredReplicasWithRulesInProduction() {
    assertThat(HpaNormaliser.convertDesiredReplicasWithRules(3, 1000, 1, 2000, 2).replicas()).isEqualTo(6);
    assertThat(HpaNormaliser.convertDesiredReplicasWithRules(1, 1000, 1, 2000, 2).replicas()).isEqualTo(4);
  }

  @Test void TestCalculateScaleUpLimitWithScalingRules() {
    ScalingRules r = new ScalingRules(300.0, ScalingRules.Select.MIN, List.of(
        new ScalingRules.Policy(ScalingRules.PolicyType.PODS, 2, 60),
        new ScalingRules.Policy(ScalingRules.PolicyType.PERCENT, 50, 60)));
    assertThat(HpaNormaliser.calculateScaleUpLimitWithScalingRules(1, List.of(), List.of(), r, T0)).isEqualTo(2);
  }

  @Test void TestCalculateScaleDownLimitWithBehaviors() {
    ScalingRules r = new ScalingRules(300.0, ScalingRules.Select.MIN, List.of(
        new ScalingRules.Policy(ScalingRules.PolicyType.PODS, 2, 60),
        new ScalingRules.Policy(ScalingRules.PolicyType.PERCENT, 50, 60)));
    assertThat(HpaNormaliser.calculateScaleDownLimitWithBehaviors(5, List.of(), List.of(), r, T0)).isEqualTo(3);
  }

  static Stream<Arguments> normalizeDesiredReplicas() {
    return Stream.of(
        Arguments.of("empty log", List.of(), 5, 5, 1),
        Arguments.of("stabilize", List.of(rec(4, 120), rec(5, 60)), 3, 5, 3),
        Arguments.of("no stabilize", List.of(rec(1, 120), rec(2, 60)), 3, 3, 3),
        Arguments.of("no stabilize - old recommendations", List.of(rec(10, 600), rec(9, 540)), 3, 3, 2),
        Arguments.of("stabilize - old recommendations",
            List.of(rec(10, 600), rec(4, 60), rec(5, 120), rec(9, 540)), 3, 5, 4));
  }

  @ParameterizedTest(name = "TestNormalizeDesiredReplicas/{0}")
  @MethodSource("normalizeDesiredReplicas")
  void TestNormalizeDesiredReplicas(String name, List<Recommendation> recs, int desired, int expected, int logLength) {
    HpaNormaliser n = new HpaNormaliser(300);
    n.recommendations(recs);
    assertThat(n.stabilizeRecommendation(desired, T0)).isEqualTo(expected);
    assertThat(n.recommendations()).hasSize(logLength);
  }

  /** Upstream's generateEventsUniformDistribution: events centred in equal segments of the last period. */
  static List<ScaleEvent> events(int period, int... changes) {
    List<ScaleEvent> e = new ArrayList<>();
    double segment = (double) period / changes.length;
    for (int i = 0; i < changes.length; i++) {
      long ago = (long) (period - segment * (i + 1) + segment / 2); // Go truncates the Duration
      e.add(new ScaleEvent(changes[i], T0 - ago, false));
    }
    return e;
  }

  static Arguments rule(String name, List<ScaleEvent> up, List<ScaleEvent> down, int min, int max,
      ScalingRules upRules, ScalingRules downRules, int current, int desired, int expected, String condition) {
    return Arguments.of(name, up, down, min, max, upRules, downRules, current, desired, expected, condition);
  }

  static Stream<Arguments> scalingWithRules() {
    List<ScaleEvent> none = List.of();
    List<ScaleEvent> e159 = events(120, 1, 5, 9), e246 = events(120, 2, 4, 6), e101010 = events(120, 10, 10, 10),
        e81291 = events(120, 8, 12, 9, 11);
    return Stream.of(
        rule("prenormalized desired replicas within range", none, none, 3, 8, null, null, 5, 7, 7, "DesiredWithinRange"),
        rule("prenormalized desired replicas < minReplicas", none, none, 2, 8, null, null, 3, 1, 2, "TooFewReplicas"),
        rule("prenormalized desired replicas within range when minReplicas is 0", none, none, 0, 10, null, null, 1, 0,
            0, "DesiredWithinRange"),
        rule("maxReplicas is the limit because maxReplicas < scaleUpLimit", none, none, 1, 10, null, null, 20, 1000, 10,
            "TooManyReplicas"),
        rule("desired replica count is more than the maximum replica count", none, none, 100, 150, null, null, 100,
            1000, 150, "TooManyReplicas"),
        rule("scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies", none, none, 1, 2000,
            rules(0, 0, 1, 60, 0), null, 3, 1000, 4, "ScaleUpLimit"),
        rule("scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies", none, none,
            3, 2000, null, rules(20, 60, 0, 0, 0), 1000, 3, 980, "ScaleDownLimit"),
        rule("scaleUp with default behavior", none, none, 1, 1000, null, null, 10, 50, 20, "ScaleUpLimit"),
        rule("scaleUp with pods policy larger than percent policy", none, none, 1, 1000, rules(100, 60, 100, 60, 0),
            null, 10, 500, 110, "ScaleUpLimit"),
        rule("scaleUp with percent policy larger than pods policy", none, none, 1, 1000, rules(2, 60, 100, 60, 0),
            null, 10, 500, 20, "ScaleUpLimit"),
        rule("scaleUp with spec MaxReplicas limitation with large pod policy", none, none, 1, 1000,
            rules(100, 60, 0, 0, 0), null, 10, 50, 50, "DesiredWithinRange"),
        rule("scaleUp with spec MaxReplicas limitation with large percent policy", none, none, 1, 1000,
            rules(10000, 60, 0, 0, 0), null, 10, 50, 50, "DesiredWithinRange"),
        rule("scaleUp with pod policy limitation", none, none, 1, 1000, rules(30, 60, 0, 0, 0), null, 10, 50, 40,
            "ScaleUpLimit"),
        rule("scaleUp with percent policy limitation", none, none, 1, 1000, rules(0, 0, 200, 60, 0), null, 10, 50, 30,
            "ScaleUpLimit"),
        rule("scaleDown with percent policy larger than pod policy", none, none, 1, 1000, null,
            rules(20, 60, 1, 60, 300), 100, 2, 80, "ScaleDownLimit"),
        rule("scaleDown with pod policy larger than percent policy", none, none, 1, 1000, null,
            rules(2, 60, 1, 60, 300), 100, 2, 98, "ScaleDownLimit"),
        rule("scaleDown with spec MinReplicas=nil limitation with large pod policy", none, none, 1, 1000, null,
            rules(100, 60, 0, 0, 300), 10, 0, 1, "TooFewReplicas"),
        rule("scaleDown with spec MinReplicas limitation with large pod policy", none, none, 1, 1000, null,
            rules(100, 60, 0, 0, 300), 10, 0, 1, "TooFewReplicas"),
        rule("scaleDown with spec MinReplicas limitation with large percent policy", none, none, 5, 1000, null,
            rules(0, 0, 100, 60, 300), 10, 2, 5, "TooFewReplicas"),
        rule("scaleDown with pod policy limitation", none, none, 1, 1000, null, rules(5, 60, 0, 0, 300), 10, 2, 5,
            "ScaleDownLimit"),
        rule("scaleDown with percent policy limitation", none, none, 1, 1000, null, rules(0, 0, 50, 60, 300), 10, 5, 5,
            "DesiredWithinRange"),
        rule("scaleUp with spec MaxReplicas limitation with large pod policy and events", e159, none, 1, 200,
            rules(300, 60, 0, 0, 0), null, 100, 500, 200, "TooManyReplicas"),
        rule("scaleUp with spec MaxReplicas limitation with large percent policy and events", e159, none, 1, 200,
            rules(0, 0, 10000, 60, 0), null, 100, 500, 200, "TooManyReplicas"),
        rule("scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events",
            e159, none, 1, 1000, rules(5, 120, 0, 0, 0), null, 100, 500, 100, "ScaleUpLimit"),
        rule("scaleUp with pod policy and previous scale up events", e159, none, 1, 1000, rules(150, 120, 0, 0, 0),
            null, 100, 500, 235, "ScaleUpLimit"),
        rule("scaleUp with percent policy and previous scale up events", e159, none, 1, 1000, rules(0, 0, 200, 120, 0),
            null, 100, 500, 255, "ScaleUpLimit"),
        rule("scaleDown with default policy and previous events", none, e159, 1, 1000, null, null, 10, 5, 5,
            "DesiredWithinRange"),
        rule("scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events", none, e159, 1,
            1000, null, rules(115, 120, 0, 0, 300), 100, 0, 1, "TooFewReplicas"),
        rule("scaleDown with spec MinReplicas limitation with large pod policy and previous events", none, e159, 5,
            1000, null, rules(130, 120, 0, 0, 300), 100, 0, 5, "TooFewReplicas"),
        rule("scaleDown with spec MinReplicas limitation with large percent policy and previous events", none, e159, 5,
            1000, null, rules(0, 0, 100, 120, 300), 100, 2, 5, "TooFewReplicas"),
        rule("scaleDown with pod policy limitation and previous events", none, e159, 1, 1000, null,
            rules(5, 120, 0, 0, 300), 100, 2, 100, "ScaleDownLimit"),
        rule("scaleDown with percent policy limitation and previous events", none, e246, 1, 1000, null,
            rules(0, 0, 50, 120, 300), 100, 0, 56, "ScaleDownLimit"),
        rule("scaleDown with previous events preventing further scale down", none, e101010, 1, 1000, null,
            rules(0, 0, 10, 120, 300), 100, 0, 100, "ScaleDownLimit"),
        rule("scaleDown with with previous events still allowing more scale down", none, e101010, 1, 1000, null,
            rules(0, 0, 1000, 120, 300), 10, 5, 5, "DesiredWithinRange"),
        rule("check 'outdated' flag for events for one behavior for up", e81291, none, 1, 1000,
            rules(1000, 60, 0, 0, 0), null, 100, 200, 200, "DesiredWithinRange"),
        rule("check that events were not marked 'outdated' for two different policies in the behavior for up", e81291,
            none, 1, 1000, rules(1000, 120, 100, 60, 0), null, 100, 200, 200, "DesiredWithinRange"),
        rule("check that events were marked 'outdated' for two different policies in the behavior for up", e81291,
            none, 1, 1000, rules(1000, 30, 100, 60, 0), null, 100, 200, 200, "DesiredWithinRange"),
        rule("check 'outdated' flag for events for one behavior for down", none, e81291, 1, 1000, null,
            rules(1000, 60, 0, 0, 300), 100, 5, 5, "DesiredWithinRange"),
        rule("check that events were not marked 'outdated' for two different policies in the behavior for down", none,
            e81291, 1, 1000, null, rules(1000, 120, 100, 60, 300), 100, 5, 5, "DesiredWithinRange"),
        rule("check that events were marked 'outdated' for two different policies in the behavior for down", none,
            e81291, 1, 1000, null, rules(1000, 30, 100, 60, 300), 100, 5, 5, "DesiredWithinRange"));
  }

  @ParameterizedTest(name = "TestScalingWithRules/{0}")
  @MethodSource("scalingWithRules")
  void TestScalingWithRules(String name, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents, int min, int max,
      ScalingRules upRules, ScalingRules downRules, int current, int desired, int expected, String condition) {
    HpaNormaliser n = new HpaNormaliser(300);
    n.scaleEvents(upEvents, downEvents);
    ScalingRules up = upRules == null ? ScalingRules.defaultScaleUp() : upRules;
    ScalingRules down = downRules == null ? ScalingRules.defaultScaleDown() : downRules;
    assertThat(n.convertDesiredReplicasWithBehaviorRate(current, desired, min, max, up, down, T0))
        .isEqualTo(new Normalised(expected, condition));
  }

  static ScaleEvent ev(int change, double ageSeconds, boolean outdated) {
    return new ScaleEvent(change, T0 - ageSeconds, outdated);
  }

  static Stream<Arguments> storeScaleEvents() {
    return Stream.of(
        Arguments.of("empty entries with default behavior", List.of(), null, 0, List.of()),
        Arguments.of("empty entries with two-policy-behavior", List.of(), rules(10, 60, 100, 60, 0), 0,
            List.of(ev(5, 0, false))),
        Arguments.of("one outdated entry to be kept untouched without behavior", List.of(ev(7, 61, false)), null, 0,
            List.of(ev(7, 61, false))),
        Arguments.of("one outdated entry to be replaced with behavior", List.of(ev(7, 61, false)),
            rules(10, 60, 100, 60, 0), 0, List.of(ev(5, 0, false))),
        Arguments.of("one actual entry to be not touched with behavior", List.of(ev(7, 58, false)),
            rules(10, 60, 100, 60, 0), 7, List.of(ev(7, 58, false), ev(5, 0, false))),
        Arguments.of("two entries, one of them to be replaced", List.of(ev(7, 61, false), ev(6, 59, false)),
            rules(10, 60, 0, 0, 0), 6, List.of(ev(5, 0, false), ev(6, 59, false))),
        Arguments.of("replace one entry, use policies with different periods",
            List.of(ev(8, 29, false), ev(6, 59, false), ev(7, 61, false), ev(9, 61, false)),
            rules(10, 60, 100, 30, 0), 14,
            List.of(ev(8, 29, false), ev(6, 59, false), ev(7, 61, true), ev(5, 0, false))),
        Arguments.of("two entries, both actual", List.of(ev(7, 58, false), ev(6, 59, false)),
            rules(10, 120, 100, 30, 0), 13, List.of(ev(7, 58, false), ev(6, 59, false), ev(5, 0, false))));
  }

  /** Without a behavior, {@link Hpa} stores no scale events, as Kubernetes; so those rows store nothing here. */
  @ParameterizedTest(name = "TestStoreScaleEvents/{0}")
  @MethodSource("storeScaleEvents")
  void TestStoreScaleEvents(String name, List<ScaleEvent> prev, ScalingRules rules, int expectedChange,
      List<ScaleEvent> expected) {
    for (boolean up : new boolean[] {true, false}) {
      HpaNormaliser n = new HpaNormaliser(300);
      n.scaleEvents(up ? prev : List.of(), up ? List.of() : prev);
      assertThat(HpaNormaliser.replicasChangePerPeriod(60, prev, T0)).isEqualTo(expectedChange);
      if (rules != null) {
        n.storeScaleEvent(rules, rules, 10, up ? 15 : 5, T0);
      }
      assertThat(up ? n.scaleUpEvents() : n.scaleDownEvents()).as(up ? "up" : "down").isEqualTo(expected);
    }
  }

  static Stream<Arguments> normalizeWithBehavior() {
    return Stream.of(
        Arguments.of("empty recommendations for scaling down", List.of(), 100, 5, 5, List.of(5), 0, 0),
        Arguments.of("simple scale down stabilization", List.of(rec(4, 120), rec(5, 60)), 100, 3, 5,
            List.of(4, 5, 3), 0, 180),
        Arguments.of("simple scale up stabilization", List.of(rec(4, 120), rec(5, 60)), 1, 7, 4, List.of(4, 5, 7),
            300, 0),
        Arguments.of("no scale down stabilization", List.of(rec(1, 120), rec(2, 60)), 100, 3, 3, List.of(1, 2, 3),
            300, 0),
        Arguments.of("no scale up stabilization", List.of(rec(4, 120), rec(5, 60)), 1, 3, 3, List.of(4, 5, 3), 0, 300),
        Arguments.of("no scale down stabilization, reuse recommendation element", List.of(rec(10, 600), rec(9, 540)),
            100, 3, 3, List.of(10, 3), 0, 0),
        Arguments.of("no scale up stabilization, reuse recommendation element", List.of(rec(10, 600), rec(9, 540)), 1,
            100, 100, List.of(10, 100), 0, 0),
        Arguments.of("scale down stabilization, reuse one of obsolete recommendation element",
            List.of(rec(10, 600), rec(4, 60), rec(5, 120), rec(9, 540)), 100, 3, 5, List.of(10, 4, 5, 3), 0, 180),
        Arguments.of("scale up stabilization, reuse one of obsolete recommendation element",
            List.of(rec(10, 6000), rec(6, 60), rec(5, 120), rec(9, 180)), 1, 100, 5, List.of(100, 6, 5, 9), 300, 0));
  }

  @ParameterizedTest(name = "TestNormalizeDesiredReplicasWithBehavior/{0}")
  @MethodSource("normalizeWithBehavior")
  void TestNormalizeDesiredReplicasWithBehavior(String name, List<Recommendation> recs, int current, int desired,
      int expected, List<Integer> expectedRecommendations, int upWindow, int downWindow) {
    HpaNormaliser n = new HpaNormaliser(300);
    n.recommendations(recs);
    ScalingRules up = new ScalingRules((double) upWindow, ScalingRules.Select.MAX, List.of());
    ScalingRules down = new ScalingRules((double) downWindow, ScalingRules.Select.MAX, List.of());
    assertThat(n.stabilizeRecommendationWithBehaviors(current, desired, up, down, T0)).isEqualTo(expected);
    assertThat(n.recommendations().stream().map(Recommendation::replicas).toList()).isEqualTo(expectedRecommendations);
  }
}
