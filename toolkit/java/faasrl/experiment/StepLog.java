package faasrl.experiment;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.csv.Csv;
import faasrl.env.StepOutcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The per-step log of a run: one CSV row per function per step, appended and flushed as each step
 * happens, so a killed run loses nothing it logged. On resume the rows after the last checkpoint
 * are dropped (they are run again), so no step is lost or repeated; {@link #steps} reads the kept
 * steps back, checked to be whole, and {@link #digest} lets a checkpoint record which rows it
 * follows.
 *
 * <p>Missing values (no latency when nothing completed) are written as empty cells. A name or
 * label holding a comma or a quote is quoted as CSV quotes it ({@link Csv}); one holding a line
 * break is refused.
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
  private final MessageDigest written;

  private StepLog(Path file, BufferedWriter out, MessageDigest written) {
    this.file = file;
    this.out = out;
    this.written = written;
  }

  /** A new log at {@code file}, replacing any old one. */
  public static StepLog create(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    StepLog log = new StepLog(file, Files.newBufferedWriter(file), sha256());
    log.line(header());
    log.out.flush();
    return log;
  }

  /**
   * Continues the log at {@code file}, keeping only the rows of steps before {@code steps}, which
   * must all be there (see {@link #steps}). The file is rewritten atomically.
   */
  public static StepLog resume(Path file, long steps) throws IOException {
    return resume(file, steps(file, steps));
  }

  /**
   * Continues the log at {@code file} after the steps in {@code kept} (read with {@link #steps}):
   * the file is rewritten atomically to its header and their rows, dropping what came after.
   */
  public static StepLog resume(Path file, List<LoggedStep> kept) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    MessageDigest d = sha256();
    try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
      for (String line : linesOf(kept)) {
        w.write(line);
        w.write('\n');
        d.update((line + '\n').getBytes(StandardCharsets.UTF_8));
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new StepLog(file, Files.newBufferedWriter(file, StandardOpenOption.APPEND), d);
  }

  /**
   * The first {@code steps} steps logged in {@code file}, checked to be whole: the header of this
   * version, then steps 0, 1, ... in order, each with one row per function. Rows after them (logged
   * after the last checkpoint, the last one possibly cut short by a kill) are ignored.
   *
   * @throws IllegalArgumentException naming the line or step that is missing or malformed
   */
  public static List<LoggedStep> steps(Path file, long steps) throws IOException {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("no step log at " + file);
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (steps <= 0) {
      return List.of();
    }
    if (lines.isEmpty() || !lines.get(0).equals(header())) {
      throw new IllegalArgumentException(file + " does not start with the step-log header of this version ("
          + header().substring(0, 40) + "...)");
    }
    List<LoggedStep> found = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    long current = -1;
    for (int i = 1; i < lines.size() && found.size() < steps; i++) {
      String[] cells = Csv.cells(lines.get(i));
      long step;
      try {
        if (cells.length != COLUMNS.size()) {
          throw new NumberFormatException();
        }
        step = Long.parseLong(cells[1]);
      } catch (NumberFormatException e) {
        if (i == lines.size() - 1) {
          break; // the last row, cut short by the kill
        }
        throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a whole step row (" + cells.length
            + " of " + COLUMNS.size() + " cells)");
      }
      if (step != current) {
        if (current >= 0) {
          found.add(new LoggedStep(current, rows));
          rows = new ArrayList<>();
          if (found.size() == steps) {
            break;
          }
        }
        long expected = found.size();
        if (step != expected) {
          throw new IllegalArgumentException(file + " line " + (i + 1) + " logs step " + step + " where step "
              + expected + " was due: rows are missing or out of order");
        }
        current = step;
      }
      rows.add(lines.get(i));
    }
    if (found.size() < steps && current >= 0 && !rows.isEmpty()) {
      found.add(new LoggedStep(current, rows)); // the log ends in this step
    }
    if (found.size() < steps) {
      throw new IllegalArgumentException(file + " logs " + found.size() + " whole steps, fewer than the "
          + steps + " the checkpoint counts");
    }
    int perStep = found.get(0).rows().size();
    for (LoggedStep s : found) {
      if (s.rows().size() != perStep) {
        throw new IllegalArgumentException(file + " logs " + s.rows().size() + " rows for step " + s.step()
            + " but " + perStep + " for step 0: rows are missing");
      }
    }
    return found;
  }

  /** SHA-256 (hex) of the header and the rows of {@code steps}, as {@link #digest} gives after them. */
  public static String digest(List<LoggedStep> steps) {
    MessageDigest d = sha256();
    for (String line : linesOf(steps)) {
      d.update((line + '\n').getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** SHA-256 (hex) of everything in the log so far. */
  public String digest() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) written.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Appends the rows of one step, one per scaled function (functions only called downstream are
   * left out), and flushes them to disk.
   */
  public void append(String agent, long step, int episode, int episodeStep, StepOutcome o, String actionLabel,
      double epsilon, double loss) throws IOException {
    for (String row : rows(agent, step, episode, episodeStep, o, actionLabel, epsilon, loss)) {
      line(row);
    }
    out.flush();
  }

  /** The rows {@link #append} writes for one step. */
  static List<String> rows(String agent, long step, int episode, int episodeStep, StepOutcome o,
      String actionLabel, double epsilon, double loss) {
    List<String> rows = new ArrayList<>();
    for (Map.Entry<String, ScalingConfig> e : o.applied().configs().entrySet()) {
      FunctionMetrics m = o.result().function(e.getKey());
      ScalingConfig c = e.getValue();
      List<String> row = new ArrayList<>(COLUMNS.size());
      cell(row, agent);
      cell(row, step);
      cell(row, episode);
      cell(row, episodeStep);
      cell(row, o.observation().stepSeconds() - o.result().length().toNanos() / 1e9);
      cell(row, m.function());
      cell(row, o.applied().index());
      cell(row, actionLabel);
      cell(row, c.cpuMillicores());
      cell(row, c.replicas());
      cell(row, m.readyReplicas());
      cell(row, m.p50Micros());
      cell(row, m.p90Micros());
      cell(row, m.p99Micros());
      cell(row, m.askedRps());
      cell(row, m.completedRps());
      cell(row, m.issued());
      cell(row, m.completed());
      cell(row, m.failed());
      cell(row, m.cpuUsedCores());
      cell(row, m.cpuLimitCores());
      cell(row, m.throttledFraction());
      cell(row, m.coldStarts());
      cell(row, o.reward());
      cell(row, o.sloMet());
      cell(row, o.terminal());
      cell(row, o.truncated());
      cell(row, epsilon);
      cell(row, loss);
      rows.add(Csv.row(row));
    }
    return rows;
  }

  private void line(String s) throws IOException {
    out.write(s);
    out.write('\n');
    written.update((s + '\n').getBytes(StandardCharsets.UTF_8));
  }

  private static String header() {
    return Csv.row(COLUMNS);
  }

  private static List<String> linesOf(List<LoggedStep> steps) {
    List<String> lines = new ArrayList<>();
    lines.add(header());
    steps.forEach(s -> lines.addAll(s.rows()));
    return lines;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
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

  private static void cell(List<String> row, Object v) {
    String text = v instanceof Double d ? fmt(d) : String.valueOf(v);
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      // the log is read back line by line on resume
      throw new IllegalArgumentException("step-log cell '" + text.replace("\r", "\\r").replace("\n", "\\n")
          + "' holds a line break; names and labels must be one line");
    }
    row.add(text);
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }
}
