package faasrl.replay;

import faasrl.cluster.Cluster;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.scaler.Hpa;
import java.time.Duration;
import java.util.List;

/**
 * The Kubernetes HPA on CPU utilisation ({@link Hpa}) for a trace replay: one sync every period
 * (Kubernetes' 15 s by default) on each function, from the CPU its pods used over the period.
 * The HPA keeps at least one replica: it cannot scale to zero.
 */
final class HpaStepScaler implements StepScaler {
  private final Hpa hpa;
  private final Duration period;
  private final List<String> functions;

  HpaStepScaler(Hpa hpa, Duration period, List<String> functions) {
    this.hpa = hpa;
    this.period = period;
    this.functions = List.copyOf(functions);
  }

  @Override public Duration period() {
    return period;
  }

  @Override public void decide(Cluster cluster, StepResult step, double nowSeconds) {
    for (String f : functions) {
      ScalingConfig c = cluster.config(f);
      int r = hpa.sync(f, c, step.function(f), nowSeconds);
      if (r != c.replicas()) {
        cluster.scale(f, c.replicas(r));
      }
    }
  }
}
