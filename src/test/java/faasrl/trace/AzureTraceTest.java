package faasrl.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.LoadPattern;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureTraceTest {
  @TempDir Path dir;

  private AzureTrace tenFunctions() {
    TraceFiles t = new TraceFiles(30);
    for (int i = 1; i <= 10; i++) {
      int k = i;
      t.function("o" + (i % 3), "a" + (i % 4), "hash" + i, m -> k * (m % 2), 10 * i);
    }
    t.function("o9", "a9", "idle", m -> 0, 5); // never called: never replayed
    return AzureTrace.reader(t.writeInvocations(dir), t.writeDurations(dir));
  }

  @Test void theWindowCutsEachFunctionsCountsExactly() {
    List<TraceFunction> fs = tenFunctions().from(3).minutes(4).read();
    assertThat(fs).hasSize(10);
    TraceFunction f7 = fs.get(6);
    assertThat(f7.function()).isEqualTo("hash7");
    assertThat(f7.counts()).containsExactly(7, 0, 7, 0); // minutes 3, 4, 5, 6
    assertThat(f7.name()).isEqualTo("f-hash7");
    assertThat(f7.durationMs().quantile(0.5)).isEqualTo(70.0);
  }

  @Test void topTakesTheMostCalledAndSampleIsSeeded() {
    assertThat(tenFunctions().functions(3).select(AzureTrace.Select.TOP).read())
        .extracting(TraceFunction::function).containsExactly("hash8", "hash9", "hash10");
    List<String> a = tenFunctions().functions(4).seed(5).read().stream().map(TraceFunction::function).toList();
    List<String> b = tenFunctions().functions(4).seed(5).read().stream().map(TraceFunction::function).toList();
    assertThat(a).hasSize(4).isEqualTo(b).doesNotContain("idle");
    boolean differs = false;
    for (long seed = 6; seed < 16 && !differs; seed++) {
      differs = !tenFunctions().functions(4).seed(seed).read().stream().map(TraceFunction::function).toList()
          .equals(a);
    }
    assertThat(differs).as("another seed draws another sample").isTrue();
  }

  @Test void memoryComesPerAppOrPerFunction() {
    Path perApp = TraceFiles.write(dir.resolve("mem-app.csv"), List.of(
        "HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1",
        "o1,a1,5,150.2,100"));
    Path perFunction = TraceFiles.write(dir.resolve("mem-fn.csv"), List.of(
        "HashOwner,HashApp,HashFunction,SampleCount,AverageAllocatedMb",
        "o1,a1,hash1,5,300"));
    TraceFunction viaApp = tenFunctions().memory(perApp).read().get(0);
    assertThat(viaApp.memoryMiB()).isEqualTo(151);
    assertThat(viaApp.spec(java.time.Duration.ofSeconds(1)).memoryMiB()).isEqualTo(151);
    assertThat(tenFunctions().memory(perFunction).read().get(0).memoryMiB()).isEqualTo(300);
    assertThat(tenFunctions().memory(perFunction).read().get(1).memoryMiB()).isZero(); // not described
  }

  @Test void aBadCountNamesTheFileTheRowAndTheMinute() {
    TraceFiles t = new TraceFiles(5).function("o", "a", "good", m -> 1, 10).function("o", "a", "bad", m -> 1, 10);
    Path inv = t.writeInvocations(dir);
    List<String> lines = new java.util.ArrayList<>(List.of(read(inv).split("\n")));
    lines.set(2, "o,a,bad,http,1,1,x,1,1");
    TraceFiles.write(inv, lines);
    assertThatThrownBy(() -> AzureTrace.reader(inv, t.writeDurations(dir)).read())
        .isInstanceOf(TraceFormatException.class)
        .hasMessage(inv + " row 3, field 3: 'x' is not a count of calls (a whole number 0..60000000)");
  }

  @Test void aFallingPercentileOrAMissingColumnIsNamed() {
    TraceFiles t = new TraceFiles(5).function("o", "a", "f", m -> 1, 10);
    Path dur = TraceFiles.write(dir.resolve("durations.csv"), List.of(TraceFiles.DURATIONS_HEADER,
        "o,a,f,10,100,1,30,1,2,5,10,8,20,30"));
    assertThatThrownBy(() -> AzureTrace.reader(t.writeInvocations(dir), dur).read())
        .isInstanceOf(TraceFormatException.class)
        .hasMessageStartingWith(dur + " row 2, field percentile_Average_75: 8 is below percentile_Average_50");
    Path noP99 = TraceFiles.write(dir.resolve("d2.csv"), List.of(
        TraceFiles.DURATIONS_HEADER.replace("percentile_Average_99,", ""), "o,a,f,10,100,1,30,1,2,5,10,12,30"));
    assertThatThrownBy(() -> AzureTrace.reader(t.writeInvocations(dir), noP99).read())
        .hasMessage(noP99 + " row 1, field percentile_Average_99: missing from the header");
    Path shortRow = TraceFiles.write(dir.resolve("d3.csv"), List.of(TraceFiles.DURATIONS_HEADER, "o,a,f,10,100"));
    assertThatThrownBy(() -> AzureTrace.reader(t.writeInvocations(dir), shortRow).read())
        .hasMessage(shortRow + " row 2, field percentile_Average_0: missing (the row has 5 fields)");
  }

  @Test void aWindowPastTheTracesEndIsRefused() {
    assertThatThrownBy(() -> tenFunctions().from(20).minutes(20).read())
        .hasMessageContaining("ends at minute 39").hasMessageContaining("has minutes 1..30");
  }

  @Test void aTracePatternIssuesOneRowsCallsExactly() {
    TraceFiles t = new TraceFiles(10).function("o", "a", "quiet", m -> m == 4 ? 3 : 0, 10)
        .function("o", "a", "busy", m -> 50 + m, 10);
    Path inv = t.writeInvocations(dir);
    assertThat(countPerMinute(LoadPattern.parse("trace:" + inv + "#quiet"), 10))
        .containsExactly(0, 0, 0, 3, 0, 0, 0, 0, 0, 0);
    assertThat(countPerMinute(LoadPattern.parse("trace:" + inv + "#top1"), 10)[9]).isEqualTo(60);
    assertThatThrownBy(() -> LoadPattern.parse("trace:" + inv + "#nosuch"))
        .hasMessageContaining("no function with HashFunction nosuch");
  }

  static int[] countPerMinute(LoadPattern p, int minutes) {
    int[] n = new int[minutes];
    SplittableRandom rng = new SplittableRandom(1);
    for (double t = p.nextArrival(0, rng); t < minutes * 60.0; t = p.nextArrival(t, rng)) {
      n[(int) (t / 60)]++;
    }
    return n;
  }

  private static String read(Path p) {
    try {
      return java.nio.file.Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
