package faasrl.experiment;

import faasrl.csv.Csv;
import java.util.List;

/**
 * One step as a {@link StepLog} holds it: its rows, one per scaled function, exactly as written.
 *
 * <pre>{@code
 * for (LoggedStep s : StepLog.steps(Path.of("run/steps.csv"), 50)) {
 *   System.out.println(s.step() + " " + s.action());
 * }
 * }</pre>
 *
 * @param step the step's number in the run, from 0
 * @param rows its CSV rows, without line ends (cells quoted where they hold a comma or a quote)
 */
public record LoggedStep(long step, List<String> rows) {
  private static final int FUNCTION = StepLog.COLUMNS.indexOf("function");
  private static final int ACTION = StepLog.COLUMNS.indexOf("action");
  private static final int CPU = StepLog.COLUMNS.indexOf("cpu_m");
  private static final int REPLICAS = StepLog.COLUMNS.indexOf("replicas");

  public LoggedStep {
    rows = List.copyOf(rows);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("step " + step + " has no rows");
    }
  }

  /** The action index the agent chose, or -1 when it asked for configurations directly. */
  public int action() {
    return Integer.parseInt(cell(0, ACTION));
  }

  /** The function of row {@code i}. */
  public String function(int i) {
    return cell(i, FUNCTION);
  }

  /** The CPU limit applied to the function of row {@code i}, millicores. */
  public int cpuMillicores(int i) {
    return Integer.parseInt(cell(i, CPU));
  }

  /** The replicas applied to the function of row {@code i}. */
  public int replicas(int i) {
    return Integer.parseInt(cell(i, REPLICAS));
  }

  /** Cell {@code column} of row {@code i}. */
  String cell(int i, int column) {
    return Csv.cells(rows.get(i))[column];
  }
}
