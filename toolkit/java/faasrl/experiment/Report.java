package faasrl.experiment;

import faasrl.plot.Figures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/** Renders comparison tables as Markdown and step logs as figures. */
public final class Report {
  private Report() {}

  /** The comparison as Markdown, one table per workload. */
  public static String markdown(Table comparison) {
    StringBuilder b = new StringBuilder();
    List<String> workloads = new ArrayList<>(new java.util.LinkedHashSet<>(comparison.stringColumn("workload").asList()));
    for (String w : workloads) {
      b.append("\n### ").append(w).append("\n\n");
      b.append("| agent | SLO violations | p90 mean (ms) | p90 p99 (ms) | CPU mean (cores) | CPU (core-s) "
          + "| replica-s | converged at step | train/search wall (s) | note |\n");
      b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (Row r : comparison.where(comparison.stringColumn("workload").isEqualTo(w))) {
        int conv = r.getInt("converged_step");
        b.append(String.format(Locale.ROOT, "| %s | %.1f%% | %s | %s | %.3f | %.0f | %.0f | %s | %.1f | %s |%n",
            r.getString("agent"), r.getDouble("slo_violation_pct"), ms(r.getDouble("p90_mean_ms")),
            ms(r.getDouble("p90_p99_ms")), r.getDouble("cpu_cores_mean"), r.getDouble("cpu_core_s"),
            r.getDouble("replica_s"), conv < 0 ? "never" : Integer.toString(conv), r.getDouble("train_wall_s"),
            r.getString("note")));
      }
    }
    return b.toString();
  }

  private static String ms(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
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
