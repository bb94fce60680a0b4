package faasrl.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadPatternTest {

  private static int count(LoadPattern p, double from, double to, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 0;
    for (double t = p.nextArrival(from, rng); t < to; t = p.nextArrival(t, rng)) {
      n++;
    }
    return n;
  }

  @Test
  void constantIsEvenlySpacedWithoutDrift() {
    LoadPattern p = LoadPattern.constant(300);
    assertThat(count(p, 0, 10, 1)).isBetween(2999, 3000);
    assertThat(p.nextArrival(0, new SplittableRandom(1))).isCloseTo(1 / 300.0, within(1e-12));
  }

  @Test
  void poissonHasTheAskedMeanRate() {
    assertThat(count(LoadPattern.poisson(1000), 0, 100, 7)).isBetween(99_000, 101_000);
  }

  @Test
  void stepDiurnalBurstyAndTraceFollowTheirRates(@TempDir Path dir) throws Exception {
    LoadPattern step = LoadPattern.step(100, 800, 5);
    assertThat(step.rpsAt(4.99)).isEqualTo(100);
    assertThat(step.rpsAt(5)).isEqualTo(800);
    assertThat(count(step, 0, 10, 1)).isBetween(4490, 4510);
    LoadPattern d = LoadPattern.diurnal(100, 900, 60);
    assertThat(d.rpsAt(0)).isCloseTo(100, within(1e-9));
    assertThat(d.rpsAt(30)).isCloseTo(900, within(1e-9));
    assertThat(d.meanRps(0, 60)).isCloseTo(500, within(1.0));
    LoadPattern b = LoadPattern.bursty(100, 1000, 20, 5);
    assertThat(b.rpsAt(5)).isEqualTo(100);
    assertThat(b.rpsAt(12)).isEqualTo(1000);
    assertThat(b.rpsAt(16)).isEqualTo(100);
    Files.writeString(dir.resolve("t.csv"), "second,rps\n0,10\n1,20\n2,30\n");
    LoadPattern t = LoadPattern.trace(dir.resolve("t.csv"));
    assertThat(t.rpsAt(1.5)).isEqualTo(20);
    assertThat(count(t, 0, 3, 1)).isBetween(59, 60);
  }

  @Test
  void badRatesAreRefusedClearly(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> LoadPattern.constant(-5)).hasMessageContaining("rps must be > 0").hasMessageEndingWith("was -5");
    assertThatThrownBy(() -> LoadPattern.poisson(1e12)).hasMessageContaining("at most 1000000, was 1000000000000");
    assertThatThrownBy(() -> LoadPattern.constant(600_000).scaled(2)).hasMessageContaining("must be 0..1000000");
    assertThatThrownBy(() -> LoadPattern.diurnal(1, 10, 1e300)).hasMessageContaining("diurnal period (s) must be");
    assertThatThrownBy(() -> LoadPattern.constant(0)).hasMessageContaining("rps must be > 0");
    assertThatThrownBy(() -> LoadPattern.parse("step:1:x")).hasMessageContaining("cannot read load pattern");
    Files.writeString(dir.resolve("bad.csv"), "rps\n10\nabc\n");
    assertThatThrownBy(() -> LoadPattern.trace(dir.resolve("bad.csv"))).hasMessageContaining("line 3");
  }

  @Test
  void parsesTheCommandLineForms() {
    assertThat(LoadPattern.parse("500")).isEqualTo(LoadPattern.constant(500));
    assertThat(LoadPattern.parse("poisson:200").poisson()).isTrue();
    assertThat(LoadPattern.parse("step:100:800:60").rpsAt(61)).isEqualTo(800);
  }
}
