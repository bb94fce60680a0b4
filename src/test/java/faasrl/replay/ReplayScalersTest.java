package faasrl.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.trace.MinuteArrivals;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.sim.SimulatedCluster;
import faasrl.trace.AzureTrace;
import faasrl.trace.TraceFiles;
import faasrl.trace.TraceFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HPA and the time compression of a trace replay, on the simulator. */
class ReplayScalersTest {
  @TempDir Path dir;

  /** 20 minutes: a function with a one-minute burst at minute 5, and one called every 5 minutes. */
  private List<TraceFunction> trace() {
    TraceFiles t = new TraceFiles(20)
        .function("o", "a", "bursty", m -> m == 5 ? 900 : 6, 100)
        .function("o", "a", "every5", m -> m % 5 == 3 ? 1 : 0, 50);
    return AzureTrace.reader(t.writeInvocations(dir), t.writeDurations(dir)).read();
  }

  private static List<MinuteRow> replay(TraceReplay replay) {
    try (SimulatedCluster c = SimulatedCluster.builder().seed(5).start()) {
      return replay.runByFunction(c);
    }
  }

  private static List<MinuteRow> of(List<MinuteRow> rows, String function) {
    return rows.stream().filter(r -> r.function().equals(function)).toList();
  }

  @Test void theHpaScalesABurstUpAndBackDownButNeverToZero() {
    List<TraceFunction> fs = trace();
    List<MinuteRow> rows = replay(TraceReplay.builder(fs).seed(5).scaler(TraceReplay.Scaler.HPA).build());
    List<MinuteRow> bursty = of(rows, "f-bursty");
    // 900 calls of ~110 ms in a minute want ~1.65 cores; one pod of 1 core runs at 100% > 80%: scale up
    assertThat(bursty.get(4).replicas()).as("ready pods at the burst minute's end").isGreaterThanOrEqualTo(2);
    // 300 s of downscale stabilisation after the burst, then back to one pod
    assertThat(bursty.get(8).replicas()).as("minute 9: still stabilising").isGreaterThanOrEqualTo(2);
    assertThat(bursty.get(19).replicas()).as("minute 20").isEqualTo(1);
    // the HPA cannot scale to zero: the rarely called function keeps its pod and never cold-starts
    assertThat(of(rows, "f-every5")).allSatisfy(r -> {
      assertThat(r.replicas()).isEqualTo(1);
      assertThat(r.coldStarts()).isZero();
    });
    for (TraceFunction f : fs) {
      assertThat(of(rows, f.name()).stream().mapToLong(MinuteRow::issued).toArray())
          .containsExactly(Arrays.stream(f.counts()).asLongStream().toArray());
    }
  }

  @Test void aCompressedMinuteKeepsItsCallsAndLastsItsSeconds() {
    List<TraceFunction> fs = trace();
    try (SimulatedCluster c = SimulatedCluster.builder().seed(5).start()) {
      List<MinuteRow> rows = TraceReplay.builder(fs).seed(5).scaler(TraceReplay.Scaler.STATIC).minuteSeconds(6)
          .build().runByFunction(c);
      for (TraceFunction f : fs) {
        assertThat(of(rows, f.name()).stream().mapToLong(MinuteRow::issued).toArray())
            .containsExactly(Arrays.stream(f.counts()).asLongStream().toArray());
      }
      // deployment and its cold start, then 20 minutes of 6 s each
      assertThat(c.clock().toMillis() / 1000.0).isBetween(120.0, 125.0);
    }
  }

  /**
   * The KPA the real-time backends use, driven here by simulated 2 s steps: a burst's concurrency
   * scales the function up, and once the load is gone it returns to one pod, never zero.
   */
  @Test void theSteppedKpaScalesUpUnderLoadAndKeepsOnePodWhenIdle() {
    TraceFunction f = trace().get(0);
    try (SimulatedCluster c = SimulatedCluster.builder().seed(5).start()) {
      c.deploy(f.spec(Duration.ofMillis(500)), ScalingConfig.defaults()).awaitReady();
      SteppedKpa kpa = new SteppedKpa(TickingKpa.builder().build(), c, List.of(f.name()));
      int most = 0;
      double t = 0;
      LoadPattern p = MinuteArrivals.random(new int[] {6000, 0, 0, 0, 0}, 5); // a minute of ~110 ms calls, then none
      for (int i = 0; i < 150; i++, t += 2) {
        StepResult step = c.run(Load.of(f.name(), p).seconds(2).offset(Duration.ofMillis((long) (t * 1000))));
        kpa.decide(c, step, t + 2);
        most = Math.max(most, c.config(f.name()).replicas());
      }
      assertThat(most).as("pods at the burst's height").isGreaterThan(1);
      assertThat(c.config(f.name()).replicas()).as("after 4 idle minutes").isEqualTo(1);
    }
  }

  @Test void aMinuteLastsOneSecondAtLeast() {
    assertThatThrownBy(() -> TraceReplay.builder(trace()).minuteSeconds(0)).hasMessageContaining("1..3600");
    assertThatThrownBy(() -> TraceReplay.builder(trace()).minuteSeconds(Double.NaN))
        .hasMessageContaining("1..3600");
  }
}
