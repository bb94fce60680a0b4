package faasrl.chain;

import faasrl.cluster.ScalingConfig;
import faasrl.env.ActionSpace;
import faasrl.env.Agent;
import faasrl.env.Bounds;
import faasrl.env.EnvSpec;
import faasrl.env.Observation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule-based scaler of {@code faasrl.scaler} (KPA, HPA, VPA) on every hop of a chain, each hop with
 * its own decider, as when each function of the chain is deployed with its own autoscaler.
 *
 * <pre>{@code
 * ChainScaler kpa = new RuleScaler(Kpa.builder().build(), Chain.checkout(), Setup.defaults().bounds(), 10);
 * }</pre>
 *
 * @param scaler      the rule-based scaler (it keeps one state per function)
 * @param chain       the chain
 * @param bounds      CPU and replica bounds
 * @param stepSeconds step length
 */
public record RuleScaler(Agent scaler, Chain chain, Bounds bounds, double stepSeconds) implements ChainScaler {
  @Override public String name() {
    return scaler.name();
  }

  @Override public Map<String, ScalingConfig> decide(ChainObservation obs) {
    List<String> hops = chain.hops();
    Map<String, Double> slo = new LinkedHashMap<>();
    hops.forEach(h -> slo.put(h, Double.POSITIVE_INFINITY));
    EnvSpec spec = new EnvSpec(hops, slo, stepSeconds, bounds, ActionSpace.horizontal(hops), 0,
        HopDqns.MAX_FAILED_FRACTION);
    Observation o = new Observation(new double[0], obs.last(), obs.configs(), spec, obs.timeSeconds(), obs.recent());
    return scaler.act(o, false).configs();
  }
}
