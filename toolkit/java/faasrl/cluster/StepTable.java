package faasrl.cluster;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Step results as Tablesaw tables, one row per function per step. Column names are a contract:
 * CSV files, notebooks and the CLI use them.
 *
 * <!-- given: List<StepResult> results -->
 * <pre>{@code
 * Table t = StepTable.of(results);
 * t.write().csv("steps.csv");
 * }</pre>
 */
public final class StepTable {
  /** The columns, in order. */
  public static final List<String> COLUMNS = List.of("time_s", "function", "cpu_m", "replicas",
      "concurrency", "ready_replicas", "p50_us", "p90_us", "p99_us", "p999_us", "mean_us", "issued",
      "completed", "failed", "in_flight", "asked_rps", "completed_rps", "cpu_used_cores",
      "cpu_limit_cores", "throttled_periods", "periods", "cold_starts", "cpu_idle", "cpu_user",
      "cpu_system", "mem_free", "net_rx_bps", "net_tx_bps");

  private StepTable() {}

  /** An empty table with the step columns. */
  public static Table empty(String name) {
    Table t = Table.create(name);
    for (String c : COLUMNS) {
      switch (c) {
        case "function" -> t.addColumns(StringColumn.create(c));
        case "cpu_m", "replicas", "concurrency", "ready_replicas" -> t.addColumns(IntColumn.create(c));
        case "issued", "completed", "failed", "in_flight", "throttled_periods", "periods",
            "cold_starts" -> t.addColumns(LongColumn.create(c));
        default -> t.addColumns(DoubleColumn.create(c));
      }
    }
    return t;
  }

  /** All rows of these steps. */
  public static Table of(List<StepResult> steps) {
    Table t = empty("steps");
    for (StepResult s : steps) {
      append(t, s);
    }
    return t;
  }

  /** Adds one row per function of {@code s} to {@code t} (a table made by {@link #empty}). */
  public static void append(Table t, StepResult s) {
    NodeMetrics n = s.node();
    double time = s.start().toNanos() / 1e9;
    for (FunctionMetrics m : s.functions().values()) {
      ScalingConfig c = m.config();
      t.doubleColumn("time_s").append(time);
      t.stringColumn("function").append(m.function());
      t.intColumn("cpu_m").append(c.cpuMillicores());
      t.intColumn("replicas").append(c.replicas());
      t.intColumn("concurrency").append(c.containerConcurrency());
      t.intColumn("ready_replicas").append(m.readyReplicas());
      t.doubleColumn("p50_us").append(m.p50Micros());
      t.doubleColumn("p90_us").append(m.p90Micros());
      t.doubleColumn("p99_us").append(m.p99Micros());
      t.doubleColumn("p999_us").append(m.p999Micros());
      t.doubleColumn("mean_us").append(m.meanMicros());
      t.longColumn("issued").append(m.issued());
      t.longColumn("completed").append(m.completed());
      t.longColumn("failed").append(m.failed());
      t.longColumn("in_flight").append(m.inFlight());
      t.doubleColumn("asked_rps").append(m.askedRps());
      t.doubleColumn("completed_rps").append(m.completedRps());
      t.doubleColumn("cpu_used_cores").append(m.cpuUsedCores());
      t.doubleColumn("cpu_limit_cores").append(m.cpuLimitCores());
      t.longColumn("throttled_periods").append(m.throttledPeriods());
      t.longColumn("periods").append(m.periods());
      t.longColumn("cold_starts").append(m.coldStarts());
      t.doubleColumn("cpu_idle").append(n.cpuIdle());
      t.doubleColumn("cpu_user").append(n.cpuUser());
      t.doubleColumn("cpu_system").append(n.cpuSystem());
      t.doubleColumn("mem_free").append(n.memFree());
      t.doubleColumn("net_rx_bps").append(n.netRxBitsPerSecond());
      t.doubleColumn("net_tx_bps").append(n.netTxBitsPerSecond());
    }
  }

  /** Per-request latencies of a step (empty unless the load recorded them). */
  public static Table latencies(StepResult s) {
    StringColumn fn = StringColumn.create("function");
    LongColumn lat = LongColumn.create("latency_us");
    for (FunctionMetrics m : s.functions().values()) {
      for (long v : m.latenciesMicros()) {
        fn.append(m.function());
        lat.append(v);
      }
    }
    return Table.create("latencies", fn, lat);
  }
}
