package faasrl.replay;

import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.scaler.DeciderSpec;
import faasrl.scaler.KpaDecider;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Knative's KPA for a trace replay on a backend that runs in real time (local): a decision every 2 s
 * from the concurrency of the step that just ended (answered calls' latency over the step, Little's
 * law, or the calls still in flight when more), averaged over the stable and panic windows. Without
 * an activator to hold calls, a function never goes below one pod here.
 */
final class SteppedKpa implements StepScaler {
  private final DeciderSpec spec;
  private final double panicWindowSeconds;
  private final int minScale, maxScale;
  private final Map<String, Scaled> functions = new LinkedHashMap<>();

  /** One sample: a step's mean concurrency and its length. */
  private record Sample(double endSeconds, double concurrency, double seconds) {}

  private static final class Scaled {
    final KpaDecider decider;
    final Deque<Sample> samples = new ArrayDeque<>();

    Scaled(KpaDecider decider) {
      this.decider = decider;
    }

    double average(double now, double window) {
      double weighted = 0, seconds = 0;
      for (Sample s : samples) {
        if (s.endSeconds > now - window) {
          weighted += s.concurrency * s.seconds;
          seconds += s.seconds;
        }
      }
      return seconds == 0 ? 0 : weighted / seconds;
    }
  }

  SteppedKpa(TickingKpa settings, Cluster cluster, List<String> names) {
    spec = settings.spec();
    panicWindowSeconds = settings.panicWindowSeconds();
    minScale = Math.max(1, settings.minScale());
    maxScale = settings.maxScale();
    for (String f : names) {
      functions.put(f, new Scaled(new KpaDecider(spec, cluster.config(f).replicas(), 0)));
    }
  }

  @Override public Duration period() {
    return TickingKpa.TICK;
  }

  @Override public void decide(Cluster cluster, StepResult step, double nowSeconds) {
    double seconds = step.length().toNanos() / 1e9;
    functions.forEach((f, s) -> {
      FunctionMetrics m = step.function(f);
      double little = m.completed() == 0 ? 0 : m.completed() * m.meanMicros() / 1e6 / seconds;
      s.samples.addLast(new Sample(nowSeconds, Math.max(little, m.inFlight()), seconds));
      while (s.samples.peekFirst().endSeconds <= nowSeconds - spec.stableWindowSeconds()) {
        s.samples.removeFirst();
      }
      ScalingConfig c = cluster.config(f);
      int desired = s.decider.scale(m.readyReplicas(), s.average(nowSeconds, spec.stableWindowSeconds()),
          s.average(nowSeconds, panicWindowSeconds), nowSeconds).desiredPodCount();
      int r = Math.min(ScalingConfig.MAX_REPLICAS,
          Math.max(minScale, maxScale > 0 ? Math.min(desired, maxScale) : desired));
      if (r != c.replicas()) {
        cluster.scale(f, c.replicas(r));
      }
    });
  }
}
