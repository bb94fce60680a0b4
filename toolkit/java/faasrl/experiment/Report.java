package faasrl.experiment;

import faasrl.plot.Figures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/** Renders comparison tables as Markdown and step logs as figures. */
public final class Report {
  private Report() {}

  /** Agents in the order of the vertical tables; others follow in the order they appear. */
  public static final List<String> AGENT_ORDER = List.of("dqn", "rl4j", "kpa", "kpa-tuned", "hpa", "hpa-tuned", "vpa",
      "vpa-tuned", "static", "oracle");

  /** Two-sided confidence of the intervals. */
  public static final double CONFIDENCE = 0.95;

  /** The comparison as Markdown: the vertical tables, then the horizontal one if any; means without intervals. */
  public static String markdown(Table comparison) {
    return markdown(comparison, false);
  }

  /**
   * The comparison as Markdown: one table per vertical workload ({@code ### constant} ...) with a row
   * per agent in {@link #AGENT_ORDER}, then {@code ## Horizontal} if it has horizontal rows. Each cell
   * is the mean over the seeds (rows with the same workload and agent), followed with
   * {@code interval} by the half-width of its 95% t-interval ({@code 5.6% ± 2.1}).
   *
   * <!-- given: Comparison comparison; Path out -->
   * <pre>{@code
   * String md = Report.markdown(SeedRuns.of(comparison, new Seeds(7, 5)).run(out, null), true);
   * }</pre>
   */
  public static String markdown(Table comparison, boolean interval) {
    StringBuilder b = new StringBuilder();
    for (String w : workloads(comparison)) {
      if (w.equals(Comparison.HORIZONTAL)) {
        continue;
      }
      b.append("\n### ").append(w).append("\n\n");
      b.append("| agent | SLO violations | CPU mean (cores) | p90 mean (ms) | converged at step | seeds |\n");
      b.append("|---|---:|---:|---:|---:|---:|\n");
      for (String agent : agents(comparison, w)) {
        Table t = rows(comparison, w, agent);
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d |%n", agent,
            cell(t.doubleColumn("slo_violation_pct").asDoubleArray(), interval, "%.1f%%", "%.1f"),
            cell(t.doubleColumn("cpu_cores_mean").asDoubleArray(), interval, "%.3f", "%.3f"),
            cell(finite(t.doubleColumn("p90_mean_ms").asDoubleArray()), interval, "%.2f", "%.2f"),
            converged(t), t.rowCount()));
      }
    }
    if (workloads(comparison).contains(Comparison.HORIZONTAL)) {
      b.append("\n## Horizontal\n\n");
      b.append("| agent | SLO violations | replica-s | p90 mean (ms) | seeds |\n|---|---:|---:|---:|---:|\n");
      for (String agent : agents(comparison, Comparison.HORIZONTAL)) {
        Table t = rows(comparison, Comparison.HORIZONTAL, agent);
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d |%n", agent,
            cell(t.doubleColumn("slo_violation_pct").asDoubleArray(), interval, "%.1f%%", "%.1f"),
            cell(t.doubleColumn("replica_s").asDoubleArray(), interval, "%.0f", "%.0f"),
            cell(finite(t.doubleColumn("p90_mean_ms").asDoubleArray()), interval, "%.2f", "%.2f"), t.rowCount()));
      }
    }
    return b.toString();
  }

  /**
   * The mean of {@code v} in {@code meanFormat}, with {@code interval} followed by {@code ± h}, h the
   * half-width of the 95% t-interval (n - 1 degrees of freedom; none for a single value); "-" if empty.
   */
  static String cell(double[] v, boolean interval, String meanFormat, String halfFormat) {
    if (v.length == 0) {
      return "-";
    }
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    String m = String.format(Locale.ROOT, meanFormat, mean);
    if (!interval || v.length < 2) {
      return m;
    }
    return m + " ± " + String.format(Locale.ROOT, halfFormat, halfWidth(v));
  }

  /** Half-width of the {@link #CONFIDENCE} t-interval of the mean of {@code v} (at least two values). */
  public static double halfWidth(double[] v) {
    if (v.length < 2) {
      throw new IllegalArgumentException("an interval needs at least two values, had " + v.length);
    }
    double sd = new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation().evaluate(v);
    double t = new org.apache.commons.math3.distribution.TDistribution(v.length - 1)
        .inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    return t * sd / Math.sqrt(v.length);
  }

  /**
   * When the vertical DQN converged on {@code workload} (sustained, see {@link Summary}) and at what
   * p90, per seed and on average, computed from the comparison's rows; one Markdown paragraph.
   */
  public static String convergence(Table comparison, String workload) {
    return convergence(comparison, workload, null);
  }

  /**
   * As {@link #convergence(Table, String)}, telling apart the seeds whose limit settled where it misses
   * {@code slo} (a p90 over it from the converged step on): they are named as such and left out of the
   * average, since an agent that holds a limit too small for the load has not found one.
   *
   * <!-- given: Table all -->
   * <pre>{@code
   * System.out.println(Report.convergence(all, "constant", Duration.ofMillis(5)));
   * }</pre>
   */
  public static String convergence(Table comparison, String workload, Duration slo) {
    Table t = rows(comparison, workload, "dqn");
    if (t.rowCount() == 0) {
      return "No DQN run on the " + workload + " workload.\n";
    }
    double sloMs = slo == null ? Double.POSITIVE_INFINITY : slo.toNanos() / 1e6;
    boolean seeded = t.columnNames().contains("seed");
    List<String> per = new ArrayList<>();
    List<Double> steps = new ArrayList<>(), p90 = new ArrayList<>();
    int overSlo = 0;
    for (Row r : t) {
      int c = r.getInt("converged_step");
      String who = seeded ? "seed " + r.getLong("seed") : "the run";
      double p = r.getDouble("p90_converged_ms");
      if (c < 0) {
        per.add("never on " + who);
      } else if (p > sloMs) {
        per.add(String.format(Locale.ROOT, "step %d on %s at a limit that misses the SLO (median p90 %s ms from then on)",
            c, who, ms(p)));
        overSlo++;
      } else {
        per.add(String.format(Locale.ROOT, "step %d on %s (median p90 %s ms from then on)", c, who, ms(p)));
        steps.add((double) c);
        if (Double.isFinite(p)) {
          p90.add(p);
        }
      }
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "The vertical DQN, evaluated on the %s workload "
        + "from 100m, converged (its CPU limit stayed within one action-step of its final value to the end) at %s.",
        workload, String.join(", ", per)));
    if (!steps.isEmpty()) {
      b.append(String.format(Locale.ROOT, " Over the %d of %d seeds that converged%s: step %.1f and a median p90 of "
          + "%s ms on average.", steps.size(), t.rowCount(), overSlo > 0 ? " within the SLO" : "",
          steps.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
          p90.isEmpty() ? "-" : ms(p90.stream().mapToDouble(Double::doubleValue).average().orElseThrow())));
    }
    if (overSlo > 0) {
      b.append(String.format(Locale.ROOT, " %d of %d held a limit too small for the load (p90 over the %s-ms SLO).",
          overSlo, t.rowCount(), slo.toNanos() % 1_000_000 == 0 ? Long.toString(slo.toMillis()) : ms(sloMs)));
    }
    return b.append(" The paper reports about 20 steps and a p90 of 1-2 ms.\n").toString();
  }

  private static double[] finite(double[] v) {
    return java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
  }

  /** Mean converged step over the seeds that converged, and how many did: {@code 12 (2/3)}. */
  private static String converged(Table t) {
    int[] steps = t.intColumn("converged_step").asList().stream().mapToInt(Integer::intValue).filter(s -> s >= 0)
        .toArray();
    String mean = steps.length == 0 ? "never"
        : String.format(Locale.ROOT, "%.0f", java.util.Arrays.stream(steps).average().orElseThrow());
    return mean + " (" + steps.length + "/" + t.rowCount() + ")";
  }

  private static List<String> workloads(Table t) {
    return new ArrayList<>(new java.util.LinkedHashSet<>(t.stringColumn("workload").asList()));
  }

  private static List<String> agents(Table t, String workload) {
    java.util.LinkedHashSet<String> present = new java.util.LinkedHashSet<>(
        t.where(t.stringColumn("workload").isEqualTo(workload)).stringColumn("agent").asList());
    List<String> ordered = new ArrayList<>();
    for (String a : AGENT_ORDER) {
      if (present.remove(a)) {
        ordered.add(a);
      }
    }
    ordered.addAll(present);
    return ordered;
  }

  private static Table rows(Table t, String workload, String agent) {
    return t.where(t.stringColumn("workload").isEqualTo(workload).and(t.stringColumn("agent").isEqualTo(agent)));
  }

  /** Milliseconds for people: two decimals where a p90 meets an SLO of a few ms, none for seconds of overload. */
  private static String ms(double v) {
    return !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, v < 100 ? "%.2f" : "%.0f", v);
  }

  /** The step logs of several runs in one table, with their agent column. */
  public static Table concat(List<Path> stepLogs) {
    Table all = null;
    for (Path p : stepLogs) {
      Table t = StepLog.read(p);
      all = all == null ? t : all.append(t);
    }
    if (all == null) {
      throw new IllegalArgumentException("no step logs to combine");
    }
    return all;
  }

  /**
   * Writes {@code y} per step, one line per value of {@code by}, to {@code html}, with its static
   * image beside it ({@code .svg}, what {@link #figuresMarkdown} embeds).
   */
  public static Path figure(Table steps, String title, String y, String by, Path html) throws IOException {
    Files.createDirectories(html.toAbsolutePath().getParent());
    return Figures.writeHtml(Figures.line(title, steps, "step", y, by), html);
  }

  /**
   * The figures of one run of {@code function}: CPU limit, p90 latency and reward per step, written
   * to {@code dir/cpu_m.html}, {@code dir/p90_us.html} and {@code dir/reward.html}.
   */
  public static List<Path> runFigures(Table steps, String function, String title, Path dir) throws IOException {
    Table t = steps.where(steps.stringColumn("function").isEqualTo(function));
    return List.of(
        figure(t, title + ": CPU limit (millicores) per step", "cpu_m", null, dir.resolve("cpu_m.html")),
        figure(t, title + ": p90 latency (us) per step", "p90_us", null, dir.resolve("p90_us.html")),
        figure(t, title + ": reward per step", "reward", null, dir.resolve("reward.html")));
  }

  /**
   * Every static figure ({@code *.svg}) under {@code dir} as Markdown images with paths relative to
   * {@code dir}, each linked to its interactive page when there is one: what makes a summary.md
   * in {@code dir} read as a report on GitHub. Empty if there are none.
   */
  public static String figuresMarkdown(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return "";
    }
    List<Path> svgs;
    try (var files = Files.walk(dir)) {
      svgs = files.filter(p -> p.getFileName().toString().endsWith(".svg")).sorted().toList();
    }
    if (svgs.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("\n## Figures\n\n");
    for (Path svg : svgs) {
      String rel = dir.relativize(svg).toString().replace('\\', '/');
      String name = svg.getFileName().toString().replaceAll("\\.svg$", "");
      String html = rel.replaceAll("\\.svg$", ".html");
      md.append("![").append(name).append("](").append(rel).append(")");
      if (Files.exists(dir.resolve(html))) {
        md.append("  \n[interactive](").append(html).append(")");
      }
      md.append("\n\n");
    }
    return md.toString();
  }
}
