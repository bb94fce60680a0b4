package faasrl.scaler;

import java.io.Serializable;
import java.util.ArrayDeque;

/**
 * One revision's Knative autoscaler: knative/serving's {@code autoscaler.Scale()}
 * (pkg/autoscaler/scaling/autoscaler.go, release-1.21) on observed stable and panic metrics. Given the
 * ready pods and the metric averaged over the stable and the panic windows, it decides the pods the
 * revision should have:
 * <ul>
 *   <li>desired = ceil(observed / target) for each window, clamped to
 *       [floor(ready / max scale-down rate), ceil(ready x max scale-up rate)]; 0 ready pods count as 1;
 *       an unreachable revision has no scale-down limit;</li>
 *   <li>an activation scale above 1 lifts any non-zero desire to it;</li>
 *   <li>panic starts when the panic desire reaches the panic threshold x ready pods, and ends a stable
 *       window after the last tick over it; while panicking the result is the largest of
 *       max(stable desire, panic desire) seen since the panic started (stored after the clamps);</li>
 *   <li>a scale-down delay keeps the largest result of the last delay window;</li>
 *   <li>the excess burst capacity is floor(ready x total value - target burst capacity - panic metric).</li>
 * </ul>
 * A decider created with more than one ready pod starts in panic holding them, as Knative's does
 * after an autoscaler restart. Minimum and maximum scale are applied by the caller ({@link Kpa}), as
 * Knative's reconciler does. Times are in seconds on any clock.
 *
 * <pre>{@code
 * KpaDecider d = new KpaDecider(DeciderSpec.builder().targetValue(10).build(), 1, 0);
 * int pods = d.scale(1, 50, 50, 2).desiredPodCount();   // 5
 * }</pre>
 */
public final class KpaDecider implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Knative's decision tick; the scale-down delay window keeps one maximum per tick. */
  static final double TICK_SECONDS = 2;

  private DeciderSpec spec;
  private double panicTime = Double.NaN; // NaN: not panicking
  private int maxPanicPods;
  private final DelayWindow delayWindow;

  /** What one decision asks for. */
  public record ScaleResult(int desiredPodCount, int excessBurstCapacity) {}

  /** A decider for a revision that has {@code readyPods} ready at time {@code now}. */
  public KpaDecider(DeciderSpec spec, int readyPods, double now) {
    this.spec = spec;
    if (readyPods > 1) {
      panicTime = now;
    }
    maxPanicPods = Math.max(0, readyPods);
    delayWindow = spec.scaleDownDelaySeconds() > 0 ? new DelayWindow(spec.scaleDownDelaySeconds()) : null;
  }

  /** Replaces the spec, as Knative's {@code Update}; the panic state and the delay window stay. */
  public void update(DeciderSpec v) {
    spec = v;
  }

  public DeciderSpec spec() {
    return spec;
  }

  public boolean panicking() {
    return !Double.isNaN(panicTime);
  }

  /** When the current panic started or was last extended; NaN when not panicking. */
  public double panicTime() {
    return panicTime;
  }

  /** The most pods asked for during the current panic. */
  public int maxPanicPods() {
    return maxPanicPods;
  }

  /** Puts the decider in panic since {@code time} holding {@code pods}, as upstream's tests set it up. */
  void panicSince(double time, int pods) {
    panicTime = time;
    maxPanicPods = pods;
  }

  /**
   * One decision at time {@code now}: {@code readyPods} ready, the metric (total over the revision)
   * averaged over the stable and the panic windows.
   */
  public ScaleResult scale(int readyPods, double observedStable, double observedPanic, double now) {
    double ready = Math.max(1, readyPods);
    double maxScaleUp = Math.ceil(spec.maxScaleUpRate() * ready);
    double maxScaleDown = spec.reachable() ? Math.floor(ready / spec.maxScaleDownRate()) : 0;
    double dspc = Math.ceil(observedStable / spec.targetValue());
    double dppc = Math.ceil(observedPanic / spec.targetValue());
    int desiredStable = (int) Math.min(Math.max(dspc, maxScaleDown), maxScaleUp);
    int desiredPanic = (int) Math.min(Math.max(dppc, maxScaleDown), maxScaleUp);
    if (spec.activationScale() > 1) {
      if (dspc > 0 && spec.activationScale() > desiredStable) {
        desiredStable = spec.activationScale();
      }
      if (dppc > 0 && spec.activationScale() > desiredPanic) {
        desiredPanic = spec.activationScale();
      }
    }

    boolean overThreshold = dppc / ready >= spec.panicThreshold();
    if (overThreshold) {
      panicTime = now; // starts or extends the panic
    } else if (panicking() && panicTime + spec.stableWindowSeconds() < now) {
      panicTime = Double.NaN; // the surge has made its way into the stable window
      maxPanicPods = 0;
    }

    int desired = desiredStable;
    if (panicking()) {
      desired = Math.max(desired, desiredPanic);
      maxPanicPods = Math.max(maxPanicPods, desired); // never scale down while panicking
      desired = maxPanicPods;
    }
    if (spec.reachable() && delayWindow != null) {
      delayWindow.record(now, desired);
      desired = delayWindow.current();
    }

    double excess = -1;
    if (spec.targetBurstCapacity() == 0) {
      excess = 0;
    } else if (spec.targetBurstCapacity() > 0) {
      excess = Math.floor(readyPods * spec.totalValue() - spec.targetBurstCapacity() - observedPanic);
    }
    return new ScaleResult(desired, (int) excess);
  }

  /**
   * The largest value recorded in the last {@code ceil(delay / tick)} ticks (Knative's
   * aggregation/max TimeWindow): a monotone queue of (tick index, value).
   */
  private static final class DelayWindow implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int size;
    private final ArrayDeque<long[]> maxima = new ArrayDeque<>();

    DelayWindow(double delaySeconds) {
      size = (int) Math.ceil(delaySeconds / TICK_SECONDS);
    }

    void record(double now, int value) {
      long index = (long) Math.floor(now / TICK_SECONDS);
      while (!maxima.isEmpty() && value >= maxima.peekLast()[1]) {
        maxima.removeLast(); // can never be the maximum again
      }
      while (!maxima.isEmpty() && index - maxima.peekFirst()[0] >= size) {
        maxima.removeFirst(); // out of the window
      }
      long v = value;
      if (!maxima.isEmpty() && maxima.peekLast()[0] == index) {
        v = Math.max(v, maxima.removeLast()[1]);
      }
      maxima.addLast(new long[] {index, v});
    }

    int current() {
      return (int) maxima.peekFirst()[1];
    }
  }
}
