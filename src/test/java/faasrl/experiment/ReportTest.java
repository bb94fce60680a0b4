package faasrl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/** summary.md's tables: one per workload, agents in order, means over seeds and t-intervals. */
class ReportTest {
  static final List<String> VERTICAL = Arrays.asList("oracle", "static", "dqn", "rl4j", "kpa", "kpa-tuned", "hpa",
      "hpa-tuned", "vpa", "vpa-tuned");   // deliberately out of order

  /** Three seeds; violations 1, 2, 3 % and CPU 0.1, 0.2, 0.3 cores for every agent; dqn converges on two. */
  static Table comparison() {
    Table t = Comparison.emptyTable();
    List<Long> seeds = new ArrayList<>();
    for (long seed = 7; seed <= 9; seed++) {
      int k = (int) (seed - 6);
      for (String w : List.of("constant", "step", "diurnal", "bursty")) {
        for (String a : VERTICAL) {
          int conv = a.equals("dqn") && seed < 9 ? 10 * k : -1;
          Comparison.addRow(t, w, a, summary(k, 0.1 * k, 0, conv, 1.0 + k), 0, "");
          seeds.add(seed);
        }
      }
      for (String a : List.of("hpa", "kpa", "dqn")) {
        Comparison.addRow(t, Comparison.HORIZONTAL, a, summary(k, 0.75, 100 * k, -1, Double.NaN), 0, "");
        seeds.add(seed);
      }
    }
    LongColumn s = LongColumn.create("seed", seeds.stream().mapToLong(Long::longValue).toArray());
    t.insertColumn(0, s);
    return t;
  }

  static Summary summary(double violationPct, double cores, double replicaSeconds, int converged, double p90After) {
    return new Summary(36, violationPct / 100, 1.5, 3, cores, cores * 360, replicaSeconds, converged, -1, 0, p90After);
  }

  @Test void oneTablePerWorkloadWithAgentsInOrderAndMeansOverSeeds() {
    String md = Report.markdown(comparison(), false);
    for (String w : List.of("constant", "step", "diurnal", "bursty")) {
      assertThat(md).contains("\n### " + w + "\n\n| agent | SLO violations | CPU mean (cores) |");
    }
    String constant = md.substring(md.indexOf("### constant"), md.indexOf("### step"));
    List<String> agents = constant.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| agent"))
        .map(l -> l.split("\\|")[1].strip()).toList();
    assertThat(agents).containsExactly("dqn", "rl4j", "kpa", "kpa-tuned", "hpa", "hpa-tuned", "vpa", "vpa-tuned",
        "static", "oracle");
    assertThat(constant).contains("| dqn | 2.0% | 0.200 | 1.50 | 15 (2/3) | 3 |");
    assertThat(constant).contains("| kpa | 2.0% | 0.200 | 1.50 | never (0/3) | 3 |");
    assertThat(md).doesNotContain("±");
  }

  @Test void horizontalSectionHasDqnKpaHpaWithReplicaSeconds() {
    String md = Report.markdown(comparison(), false);
    String h = md.substring(md.indexOf("\n## Horizontal\n"));
    assertThat(h).contains("| agent | SLO violations | replica-s |");
    List<String> agents = h.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| agent"))
        .map(l -> l.split("\\|")[1].strip()).toList();
    assertThat(agents).containsExactly("dqn", "kpa", "hpa");
    assertThat(h).contains("| dqn | 2.0% | 200 |");
    assertThat(md.indexOf("### bursty")).isLessThan(md.indexOf("## Horizontal"));
  }

  @Test void fullRunCellsCarryTheHalfWidthOfA95PercentTInterval() {
    // 1, 2, 3: sd 1, t(2 df, 0.975) = 4.3027, half-width 4.3027 / sqrt(3) = 2.484
    assertThat(Report.halfWidth(new double[] {1, 2, 3})).isCloseTo(2.484, offset(1e-3));
    String md = Report.markdown(comparison(), true);
    assertThat(md).contains("| dqn | 2.0% ± 2.5 | 0.200 ± 0.248 |");
    assertThat(md).contains("| hpa | 2.0% ± 2.5 | 200 ± 248 |");
  }

  @Test void convergenceStatementComesFromTheDqnRows() {
    String s = Report.convergence(comparison(), "constant");
    assertThat(s).contains("step 10 on seed 7 (median p90 2.00 ms from then on)", "step 20 on seed 8 (median p90 3.00 ms from then on)",
        "never on seed 9", "Over the 2 of 3 seeds that converged: step 15.0 and a median p90 of 2.50 ms on average");
  }

  @Test void aLimitThatSettlesOverTheSloIsNamedAndLeftOutOfTheAverage() {
    // seed 8's agent settles at step 20 with a p90 of 3 ms: over an SLO of 2.5 ms, within one of 5 ms
    String over = Report.convergence(comparison(), "constant", Duration.ofNanos(2_500_000));
    assertThat(over).contains("step 10 on seed 7 (median p90 2.00 ms from then on)",
        "step 20 on seed 8 at a limit that misses the SLO (median p90 3.00 ms from then on)",
        "Over the 1 of 3 seeds that converged within the SLO: step 10.0 and a median p90 of 2.00 ms on average.",
        "1 of 3 held a limit too small for the load (p90 over the 2.50-ms SLO).");
    assertThat(Report.convergence(comparison(), "constant", Duration.ofMillis(5)))
        .isEqualTo(Report.convergence(comparison(), "constant"));
  }
}
