package faasrl.chain;

import faasrl.cluster.Cluster;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.Catalog;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chain's latencies unloaded: each hop's own mean latency and p90, and the end-to-end p90, with
 * every hop on ample CPU under a light load. The reference that {@link CriticalPath} measures excess
 * against, and what {@link #splitSlo} divides an end-to-end SLO by. Immutable.
 *
 * <pre>{@code
 * try (Cluster c = Clusters.simulated().seed(7).start()) {
 *   ChainBaseline b = ChainBaseline.measure(c, Chain.checkout(), 20, 6, 10);
 *   Map<String, Double> slo = b.splitSlo(Duration.ofMillis(15));   // microseconds per hop
 * }
 * }</pre>
 *
 * @param chain         the chain
 * @param latencyMicros each hop's own mean latency (see {@link Hop#latencyMicros()})
 * @param p90Micros     each function's p90 (the entry's is the end-to-end p90)
 * @param e2eP90Micros  the end-to-end p90
 */
public record ChainBaseline(Chain chain, Map<String, Double> latencyMicros, Map<String, Double> p90Micros,
    double e2eP90Micros) {

  /** The configuration every hop runs on while the baseline is measured: one core, one replica. */
  public static final ScalingConfig AMPLE = ScalingConfig.defaults();

  public ChainBaseline {
    latencyMicros = Collections.unmodifiableMap(new LinkedHashMap<>(latencyMicros));
    p90Micros = Collections.unmodifiableMap(new LinkedHashMap<>(p90Micros));
    for (String h : chain.hops()) {
      check("latency", h, latencyMicros.get(h));
      check("p90", h, p90Micros.get(h));
    }
    if (!(e2eP90Micros > 0) || Double.isInfinite(e2eP90Micros)) {
      throw new IllegalArgumentException("unloaded end-to-end p90 must be > 0 us, was " + e2eP90Micros);
    }
  }

  private static void check(String what, String hop, Double v) {
    if (v == null || !(v >= 0) || v.isInfinite()) {
      throw new IllegalArgumentException("unloaded " + what + " of hop '" + hop + "' must be a finite number >= 0 us, was "
          + v);
    }
  }

  /**
   * Measures the baseline on {@code cluster}: deploys the chain's functions on {@link #AMPLE} (those not
   * yet there; all are then set to it), waits for them, runs {@code steps} steps of Poisson load at
   * {@code rps} on the entry, and averages each hop's figures over the steps.
   */
  public static ChainBaseline measure(Cluster cluster, Chain chain, double rps, int steps, double stepSeconds) {
    if (steps < 1) {
      throw new IllegalArgumentException("baseline steps must be >= 1, was " + steps);
    }
    Catalog shop = Catalog.onlineShop();
    for (String h : chain.deployOrder()) {
      if (!cluster.functions().contains(h)) {
        cluster.deploy(shop.get(h), AMPLE);
      } else if (!cluster.config(h).equals(AMPLE)) {
        cluster.scale(h, AMPLE);
      }
    }
    cluster.awaitReady();
    Map<String, Double> latency = new LinkedHashMap<>(), p90 = new LinkedHashMap<>();
    chain.hops().forEach(h -> {
      latency.put(h, 0.0);
      p90.put(h, 0.0);
    });
    for (int s = 0; s < steps; s++) {
      StepResult r = cluster.run(Load.of(chain.entry(), LoadPattern.poisson(rps)).seconds(stepSeconds)
          .offset(Duration.ofNanos(Math.round(s * stepSeconds * 1e9))));
      Map<String, Double> own = CriticalPath.ownLatencies(chain, r);
      for (String h : chain.hops()) {
        double l = own.get(h), p = r.function(h).p90Micros();
        if (!Double.isFinite(l) || !Double.isFinite(p)) {
          throw new IllegalStateException("hop '" + h + "' completed nothing at " + rps + " RPS on " + AMPLE
              + ": no baseline");
        }
        latency.merge(h, l / steps, Double::sum);
        p90.merge(h, p / steps, Double::sum);
      }
    }
    return new ChainBaseline(chain, latency, p90, p90.get(chain.entry()));
  }

  /**
   * The end-to-end SLO split over the hops, in microseconds per function: each callee gets a share
   * in proportion to its unloaded p90, and the entry's own part, which is not measured apart, weighs
   * its unloaded own mean latency. A callee is held to its share on its own p90; the entry, whose p90
   * is the end-to-end one, to the whole SLO (its own share plus its callees').
   */
  public Map<String, Double> splitSlo(Duration e2eSlo) {
    if (e2eSlo == null || e2eSlo.isNegative() || e2eSlo.isZero()) {
      throw new IllegalArgumentException("end-to-end SLO must be > 0, was " + e2eSlo);
    }
    double slo = e2eSlo.toNanos() / 1000.0;
    double total = latencyMicros.get(chain.entry());
    for (String c : chain.callees()) {
      total += p90Micros.get(c);
    }
    Map<String, Double> split = new LinkedHashMap<>();
    split.put(chain.entry(), slo);
    for (String c : chain.callees()) {
      split.put(c, slo * p90Micros.get(c) / total);
    }
    return Collections.unmodifiableMap(split);
  }
}
