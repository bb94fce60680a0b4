package faasrl.env;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.StepResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed facts of a scaling environment that agents may read: the functions it scales, their
 * p90 SLOs, the step length, bounds, action space and state size.
 *
 * @param functions   scaled functions, in order
 * @param sloMicros   p90 latency objective per function, in microseconds
 * @param stepSeconds length of one step
 * @param bounds      limits of every configuration
 * @param actions     the discrete action space learners choose from
 * @param stateSize   length of the encoded state
 * @param maxFailedFraction  most failed requests a step may have and still meet the SLO
 */
public record EnvSpec(List<String> functions, Map<String, Double> sloMicros, double stepSeconds, Bounds bounds,
    ActionSpace actions, int stateSize, double maxFailedFraction) {
  public EnvSpec {
    functions = List.copyOf(functions);
    sloMicros = Collections.unmodifiableMap(new LinkedHashMap<>(sloMicros));
  }

  /** The p90 SLO of one function, in microseconds. */
  public double slo(String function) {
    Double v = sloMicros.get(function);
    if (v == null) {
      throw new IllegalArgumentException("no SLO for function '" + function + "'");
    }
    return v;
  }

  /** Whether one function met its SLO: requests completed, p90 within the SLO, few failures. */
  public boolean sloMet(FunctionMetrics m) {
    double p90 = m.p90Micros();
    double failed = m.issued() == 0 ? 0 : (double) m.failed() / m.issued();
    return Double.isFinite(p90) && p90 <= slo(m.function()) && failed <= maxFailedFraction;
  }

  /** Whether every scaled function met its SLO in this step. */
  public boolean sloMet(StepResult r) {
    for (String f : functions) {
      if (!sloMet(r.function(f))) {
        return false;
      }
    }
    return true;
  }
}
