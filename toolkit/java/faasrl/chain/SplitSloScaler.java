package faasrl.chain;

import faasrl.cluster.ScalingConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-function agents with split SLOs: every hop's DQN decides on its own, against the SLO it was
 * trained on (a callee's share of the end-to-end SLO, the entry's the whole of it; see
 * {@link ChainBaseline#splitSlo}). No agent knows where in the chain the latency went.
 *
 * <!-- given: HopDqns dqns; Chain chain; ChainBaseline baseline; Duration sloE2e; Cluster cluster -->
 * <pre>{@code
 * ChainScaler split = new SplitSloScaler(dqns);
 * ChainRun.Result r = ChainRun.of(chain, baseline, sloE2e).load(LoadPattern.poisson(300)).steps(36)
 *     .run(cluster, split, null);
 * }</pre>
 *
 * @param dqns the hops' DQNs and their SLOs
 */
public record SplitSloScaler(HopDqns dqns) implements ChainScaler {
  @Override public String name() {
    return "split-slo";
  }

  @Override public Map<String, ScalingConfig> decide(ChainObservation obs) {
    Map<String, ScalingConfig> next = new LinkedHashMap<>();
    for (String hop : dqns.agents().keySet()) {
      next.put(hop, dqns.act(hop, obs, dqns.slo(hop)));
    }
    return next;
  }
}
