package faasrl.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.sim.SimulatedCluster;
import faasrl.trace.AzureTrace;
import faasrl.trace.TraceFiles;
import faasrl.trace.TraceFunction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReplayTest {
  @TempDir Path dir;

  /** Three functions over 30 minutes: one called every 5 minutes from minute 3, one steady, one bursty. */
  private List<TraceFunction> trace() {
    TraceFiles t = new TraceFiles(30)
        .function("o", "a", "every5", m -> m % 5 == 3 ? 1 : 0, 50)
        .function("o", "a", "steady", m -> 120, 20)
        .function("o", "b", "bursty", m -> m == 10 ? 900 : m % 7, 100);
    return AzureTrace.reader(t.writeInvocations(dir), t.writeDurations(dir)).read();
  }

  private static List<MinuteRow> replay(List<TraceFunction> fs, TraceReplay.Scaler scaler, long seed) {
    try (SimulatedCluster c = SimulatedCluster.builder().seed(seed).start()) {
      return TraceReplay.builder(fs).seed(seed).scaler(scaler).build().runByFunction(c);
    }
  }

  private static List<MinuteRow> of(List<MinuteRow> rows, String function) {
    return rows.stream().filter(r -> r.function().equals(function)).toList();
  }

  @Test void everyMinuteIssuesExactlyTheTracesCalls() {
    List<TraceFunction> fs = trace();
    List<MinuteRow> rows = replay(fs, TraceReplay.Scaler.KPA, 7);
    assertThat(rows).hasSize(90);
    for (TraceFunction f : fs) {
      assertThat(of(rows, f.name()).stream().mapToLong(MinuteRow::issued).toArray())
          .containsExactly(java.util.Arrays.stream(f.counts()).asLongStream().toArray());
    }
    assertThat(rows.stream().mapToLong(MinuteRow::failed).sum()).isZero();
    assertThat(rows.get(0).minute()).isEqualTo(1);
  }

  @Test void aFunctionCalledEveryFiveMinutesScalesToZeroAndColdStartsOnEachCall() {
    List<MinuteRow> every5 = of(replay(trace(), TraceReplay.Scaler.KPA, 7), "f-every5");
    long calls = every5.stream().mapToLong(MinuteRow::issued).sum();
    assertThat(calls).isEqualTo(6);
    assertThat(every5.stream().mapToLong(MinuteRow::coldStarts).sum()).isEqualTo(calls);
    // min scale 0: no pod two minutes after each call (the stable window, then the grace period)
    for (MinuteRow r : every5) {
      if (r.minute() % 5 == 0) {
        assertThat(r.replicas()).as("minute %d", r.minute()).isZero();
      }
    }
    // the activator held each call through the cold start: it took longer than the cold start
    every5.stream().filter(r -> r.issued() > 0).forEach(r -> assertThat(r.p50Micros()).isGreaterThan(1_500_000));
  }

  @Test void aStaticScalerKeepsOnePodAndNeverColdStarts() {
    List<MinuteRow> every5 = of(replay(trace(), TraceReplay.Scaler.STATIC, 7), "f-every5");
    assertThat(every5.stream().mapToLong(MinuteRow::coldStarts).sum()).isZero();
    assertThat(every5).allSatisfy(r -> assertThat(r.replicas()).isEqualTo(1));
  }

  @Test void theKpaScalesUpUnderABurst() {
    List<MinuteRow> bursty = of(replay(trace(), TraceReplay.Scaler.KPA, 7), "f-bursty");
    // 900 calls of ~100 ms on one core: the queue grows past 70 requests per pod, so pods are added
    assertThat(bursty.get(9).replicas() + bursty.get(10).replicas()).isGreaterThan(2);
  }

  @Test void theSameSeedGivesTheSameRows() {
    List<TraceFunction> fs = trace();
    assertThat(replay(fs, TraceReplay.Scaler.KPA, 3)).isEqualTo(replay(fs, TraceReplay.Scaler.KPA, 3));
  }

  @Test void aReplayNeedsAFunction() {
    assertThatThrownBy(() -> TraceReplay.builder(List.of()).build()).hasMessageContaining("at least one function");
  }
}
