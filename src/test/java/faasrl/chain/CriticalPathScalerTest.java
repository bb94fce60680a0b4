package faasrl.chain;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.NodeMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The critical-path scaler's floors while the entry holds a backlog or its peak is recent, on constructed numbers. */
class CriticalPathScalerTest {
  private static final Chain CHAIN = new Chain("entry", List.of("a", "b"));
  private static final ChainBaseline BASE = new ChainBaseline(CHAIN, Map.of("entry", 500.0, "a", 1000.0, "b", 1000.0),
      Map.of("entry", 3000.0, "a", 1200.0, "b", 1200.0), 3000);
  private static final ScalingConfig C = ScalingConfig.defaults().cpuMillicores(100);

  /** A 10-s step's metrics: {@code completedRps} served at {@code cores}, {@code inFlight} left at its end. */
  private static FunctionMetrics m(String f, double askedRps, double completedRps, double cores, long inFlight) {
    return FunctionMetrics.builder(f).config(C).askedRps(askedRps).completedRps(completedRps).cpuUsedCores(cores)
        .issued(Math.round(askedRps * 10)).completed(Math.round(completedRps * 10)).inFlight(inFlight)
        .cpuLimitCores(0.1).readyReplicas(1).build();
  }

  private static StepResult step(FunctionMetrics... ms) {
    Map<String, FunctionMetrics> byName = new LinkedHashMap<>();
    for (FunctionMetrics x : ms) {
      byName.put(x.function(), x);
    }
    return new StepResult(Duration.ZERO, Duration.ofSeconds(10), byName,
        List.of(new NodeMetrics("w1", 0.5, 0.4, 0.1, 0.5, 0, 0)));
  }

  /** The last of {@code steps} just run, oldest first. */
  private static ChainObservation observe(StepResult... steps) {
    Map<String, ScalingConfig> configs = new LinkedHashMap<>();
    CHAIN.hops().forEach(h -> configs.put(h, C));
    Map<String, Double> own = new LinkedHashMap<>();
    CHAIN.hops().forEach(h -> own.put(h, 1000.0));
    return new ChainObservation(List.of(steps), configs, 10, CriticalPath.of(CHAIN, BASE, 900_000, own));
  }

  /** A step at {@code entryRps}: every hop served it, at 0.5 ms (entry) or 1 ms of CPU a request. */
  private static StepResult quiet(double entryRps) {
    return step(m("entry", entryRps, entryRps, entryRps * 0.0005, 1), m("a", entryRps, entryRps, entryRps * 0.001, 0),
        m("b", entryRps, entryRps, entryRps * 0.001, 0));
  }

  @Test void aBacklogAtTheEntryFloorsEveryHopAtWhatDrainsItInOneStep() {
    // 450 RPS asked, 3000 requests left in flight: 750 RPS to serve in the next 10 s
    Map<String, Integer> floors = CriticalPathScaler.floors(observe(step(
        m("entry", 450, 150, 0.075, 3000),   // 0.5 ms of CPU a request
        m("a", 150, 150, 0.15, 0),           // 1 ms
        m("b", 150, 0, 0.1, 1500))));        // completed nothing: no estimate, no floor
    assertThat(floors).containsOnlyKeys("entry", "a");
    assertThat(floors.get("entry")).isEqualTo((int) Math.ceil(750 * 0.0005 / 0.9 * 1000));   // 417m
    assertThat(floors.get("a")).isEqualTo((int) Math.ceil(750 * 0.001 / 0.9 * 1000));        // 834m
  }

  @Test void aSmallBacklogOnASteadyRateSetsNoFloor() {
    // 40 in flight over 10 s is 4 RPS, under a tenth of the 450 asked
    assertThat(CriticalPathScaler.floors(observe(step(m("entry", 450, 449, 0.2, 40), m("a", 449, 449, 0.4, 0),
        m("b", 449, 449, 0.4, 0))))).isEmpty();
    assertThat(CriticalPathScaler.floors(observe(quiet(150), quiet(150), quiet(150)))).isEmpty();
  }

  @Test void aRecentPeakAtTheEntryFloorsEveryHopAtThatRatesDemand() {
    // a burst of 500 RPS, then three quiet steps at 150: the hops stay ready for 500
    Map<String, Integer> floors = CriticalPathScaler.floors(observe(quiet(500), quiet(150), quiet(150), quiet(150)));
    assertThat(floors.get("entry")).isEqualTo((int) Math.ceil(500 * 0.0005 / 0.9 * 1000));   // 278m
    assertThat(floors.get("a")).isEqualTo((int) Math.ceil(500 * 0.001 / 0.9 * 1000));         // 556m
    // once the peak is older than the 18 steps the hops' own peak floors look back over, it lapses
    StepResult[] later = new StepResult[19];
    later[0] = quiet(500);
    Arrays.fill(later, 1, 19, quiet(150));
    assertThat(CriticalPathScaler.floors(observe(later))).isEmpty();
  }
}
