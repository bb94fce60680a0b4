package faasrl.chain;

import faasrl.cluster.ScalingConfig;
import java.util.Map;

/**
 * Decides every hop's configuration once per step of a {@link ChainRun}. The run clamps what it
 * asks for to the bounds; hops left out keep theirs.
 *
 * <pre>{@code
 * ChainScaler hold = new ChainScaler() {
 *   public String name() { return "hold"; }
 *   public Map<String, ScalingConfig> decide(ChainObservation o) { return o.configs(); }
 * };
 * }</pre>
 */
public interface ChainScaler {
  /** A short name for tables and logs. */
  String name();

  /** The configuration per hop to apply next. */
  Map<String, ScalingConfig> decide(ChainObservation observation);
}
