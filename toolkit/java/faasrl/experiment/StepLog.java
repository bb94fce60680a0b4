package faasrl.experiment;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.rl.StepOutcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The per-step log of a run: one CSV row per function per step, appended and flushed as each step
 * happens, so a killed run loses nothing it logged. On resume the rows after the last checkpoint
 * are dropped (they are run again), so no step is lost or repeated.
 *
 * <p>Missing values (no latency when nothing completed) are written as empty cells.
 */
public final class StepLog implements AutoCloseable {
  /** Column names, in order; a contract for notebooks and figures. */
  public static final List<String> COLUMNS = List.of("agent", "step", "episode", "episode_step", "time_s", "function",
      "action", "action_label", "cpu_m", "replicas", "ready_replicas", "p50_us", "p90_us", "p99_us", "asked_rps",
      "completed_rps", "issued", "completed", "failed", "cpu_used_cores", "cpu_limit_cores", "throttled_fraction",
      "cold_starts", "reward", "slo_met", "terminal", "truncated", "epsilon", "loss");

  private static final ColumnType[] TYPES = {ColumnType.STRING, ColumnType.INTEGER, ColumnType.INTEGER,
      ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.STRING, ColumnType.INTEGER, ColumnType.STRING,
      ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.DOUBLE,
      ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.LONG, ColumnType.LONG, ColumnType.LONG,
      ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.LONG, ColumnType.DOUBLE, ColumnType.BOOLEAN,
      ColumnType.BOOLEAN, ColumnType.BOOLEAN, ColumnType.DOUBLE, ColumnType.DOUBLE};

  private final Path file;
  private final BufferedWriter out;

  private StepLog(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  /** A new log at {@code file}, replacing any old one. */
  public static StepLog create(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    BufferedWriter w = Files.newBufferedWriter(file);
    w.write(String.join(",", COLUMNS));
    w.newLine();
    w.flush();
    return new StepLog(file, w);
  }

  /**
   * Continues the log at {@code file}, keeping only the rows of steps before {@code steps}.
   * The file is rewritten atomically.
   */
  public static StepLog resume(Path file, long steps) throws IOException {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("cannot resume: no step log at " + file);
    }
    List<String> kept = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    kept.add(String.join(",", COLUMNS));
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      String[] cells = line.split(",", 3);
      if (cells.length < 3) {
        continue; // a row cut short by the kill
      }
      try {
        if (Long.parseLong(cells[1]) < steps) {
          kept.add(line);
        }
      } catch (NumberFormatException e) {
        // a torn row: dropped, it is run again
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, kept);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new StepLog(file, Files.newBufferedWriter(file, StandardOpenOption.APPEND));
  }

  /**
   * Appends the rows of one step, one per scaled function (functions only called downstream are
   * left out), and flushes them to disk.
   */
  public void append(String agent, long step, int episode, int episodeStep, StepOutcome o, String actionLabel,
      double epsilon, double loss) throws IOException {
    for (Map.Entry<String, ScalingConfig> e : o.applied().configs().entrySet()) {
      FunctionMetrics m = o.result().function(e.getKey());
      ScalingConfig c = e.getValue();
      StringBuilder b = new StringBuilder(256);
      cell(b, agent);
      cell(b, step);
      cell(b, episode);
      cell(b, episodeStep);
      cell(b, o.observation().stepSeconds() - o.result().length().toNanos() / 1e9);
      cell(b, m.function());
      cell(b, o.applied().index());
      cell(b, actionLabel);
      cell(b, c.cpuMillicores());
      cell(b, c.replicas());
      cell(b, m.readyReplicas());
      cell(b, m.p50Micros());
      cell(b, m.p90Micros());
      cell(b, m.p99Micros());
      cell(b, m.askedRps());
      cell(b, m.completedRps());
      cell(b, m.issued());
      cell(b, m.completed());
      cell(b, m.failed());
      cell(b, m.cpuUsedCores());
      cell(b, m.cpuLimitCores());
      cell(b, m.throttledFraction());
      cell(b, m.coldStarts());
      cell(b, o.reward());
      cell(b, o.sloMet());
      cell(b, o.terminal());
      cell(b, o.truncated());
      cell(b, epsilon);
      b.append(fmt(loss));
      out.write(b.toString());
      out.newLine();
    }
    out.flush();
  }

  /** The whole log as a table. */
  public Table table() {
    return read(file);
  }

  /** Reads a step log written by this class. */
  public static Table read(Path file) {
    try {
      return Table.read().usingOptions(CsvReadOptions.builder(file.toFile()).columnTypes(TYPES)
          .missingValueIndicator("").tableName(file.getFileName().toString()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read step log " + file + ": " + e.getMessage(), e);
    }
  }

  @Override public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void cell(StringBuilder b, Object v) {
    b.append(v instanceof Double d ? fmt(d) : String.valueOf(v).replace(',', ';')).append(',');
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }
}
