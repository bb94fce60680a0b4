package faasrl.cluster;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * What a cluster did during one step of load: per-function metrics and node metrics. Immutable.
 * The same type comes back from every backend (simulated, local, Knative).
 *
 * <!-- given: Cluster cluster -->
 * <pre>{@code
 * StepResult r = cluster.run(Load.of("adservice", LoadPattern.poisson(500)).seconds(10));
 * double p90 = r.function("adservice").p90Micros();
 * Table t = r.table();            // one row per function
 * }</pre>
 *
 * @param start     cluster clock at the step's start
 * @param length    how long load ran
 * @param functions metrics per function, in load order
 * @param nodes     metrics per worker node
 */
public record StepResult(Duration start, Duration length, Map<String, FunctionMetrics> functions,
    List<NodeMetrics> nodes) {

  public StepResult {
    functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    nodes = List.copyOf(nodes);
  }

  /** Metrics of one function; an error naming the functions present if it was not in this step. */
  public FunctionMetrics function(String name) {
    FunctionMetrics m = functions.get(name);
    if (m == null) {
      throw new IllegalArgumentException("function '" + name + "' was not part of this step (present: "
          + String.join(", ", functions.keySet()) + ")");
    }
    return m;
  }

  /** The metrics of the only function in this step. */
  public FunctionMetrics only() {
    if (functions.size() != 1) {
      throw new IllegalStateException("this step has " + functions.size() + " functions: "
          + functions.keySet() + "; name one with function(name)");
    }
    return functions.values().iterator().next();
  }

  /** Mean over worker nodes. */
  public NodeMetrics node() {
    return NodeMetrics.mean(nodes);
  }

  /** One row per function with the columns of {@link StepTable#COLUMNS}. */
  public Table table() {
    return StepTable.of(List.of(this));
  }

  /** Every completed request's latency, if recorded: columns function, latency_us. */
  public Table latencies() {
    return StepTable.latencies(this);
  }
}
