package faasrl.env;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.NodeMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Hand-made step results for tests that need no cluster. */
public final class Fixtures {
  private Fixtures() {}

  /** Metrics with every completed request taking {@code latencyUs}. */
  public static FunctionMetrics.Builder metrics(String f, ScalingConfig c, long latencyUs, long issued, long completed) {
    Histogram h = FunctionMetrics.newHistogram();
    if (completed > 0) {
      h.recordValueWithCount(latencyUs, completed);
    }
    return FunctionMetrics.builder(f).config(c).latency(h).issued(issued).completed(completed)
        .failed(issued - completed).askedRps(issued / 10.0).completedRps(completed / 10.0)
        .cpuLimitCores(c.cpuCores() * c.replicas()).readyReplicas(c.replicas());
  }

  /** A 10 s step starting at {@code start} seconds, one worker with user CPU {@code cpuUser}. */
  public static StepResult step(double start, double cpuUser, FunctionMetrics... ms) {
    Map<String, FunctionMetrics> m = new LinkedHashMap<>();
    for (FunctionMetrics x : ms) {
      m.put(x.function(), x);
    }
    return new StepResult(Duration.ofMillis((long) (start * 1000)), Duration.ofSeconds(10), m,
        List.of(new NodeMetrics("w1", 1 - cpuUser - 0.01, cpuUser, 0.01, 0.8, 1e6, 2e6),
            new NodeMetrics("w2", 0.5, 0.4, 0.1, 0.5, 0, 0)));
  }

  /** A spec over {@code functions} with the same SLO, vertical actions of 30m, bounds 20..2000m, 1..10. */
  public static EnvSpec spec(double sloUs, String... functions) {
    Map<String, Double> slo = new LinkedHashMap<>();
    for (String f : functions) {
      slo.put(f, sloUs);
    }
    return new EnvSpec(List.of(functions), slo, 10, Bounds.of(20, 2000, 1, 10),
        ActionSpace.vertical(List.of(functions), 30), StateEncoders.NORMALISED_FEATURES * functions.length, 0.01);
  }

  /** An observation of {@code r} at the end of a step ending at {@code time} seconds. */
  public static Observation observe(StepResult r, EnvSpec spec, double time) {
    Map<String, ScalingConfig> configs = new LinkedHashMap<>();
    r.functions().forEach((f, m) -> configs.put(f, m.config()));
    return new Observation(StateEncoders.normalised().encode(r, configs, spec), r, configs, spec, time, List.of(r));
  }
}
