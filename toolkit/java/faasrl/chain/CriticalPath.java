package faasrl.chain;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.StepResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * Where one step's end-to-end latency went, hop by hop, and which hop is critical: critical-path
 * localisation as FIRM does it. In a sequential chain every hop is on the critical path, so the
 * question is which hop's latency grew: each hop's own latency is compared with its unloaded one
 * ({@link ChainBaseline}), the end-to-end p90's excess over its unloaded value is apportioned to the
 * hops in proportion to their positive excesses, and the hop with the largest excess is the
 * critical one (a hop that was called and completed nothing is infinitely late and always critical).
 * Over several steps each hop also gets the correlation of its latency with the end-to-end latency,
 * FIRM's "relative importance", as a diagnostic. Immutable.
 *
 * <!-- given: ChainBaseline baseline; StepResult step -->
 * <pre>{@code
 * CriticalPath p = CriticalPath.of(Chain.checkout(), baseline, step);
 * System.out.println(p.critical() + " adds " + p.hop(p.critical()).contributionMicros() + " us to the e2e p90");
 * CriticalPath q = CriticalPath.of(Chain.checkout(), baseline, 9_000,
 *     Map.of("checkoutservice", 700.0, "cartservice", 1150.0, "productcatalogservice", 400.0,
 *         "currencyservice", 350.0, "shippingservice", 380.0, "paymentservice", 330.0, "emailservice", 900.0));
 * }</pre>
 *
 * @param e2eP90Micros the entry's p90 (infinite when no request completed)
 * @param e2eExcessMicros how far the end-to-end p90 lies above its unloaded value (at least 0)
 * @param hops         every hop, entry first
 * @param critical     the hop with the largest excess
 */
public record CriticalPath(double e2eP90Micros, double e2eExcessMicros, Map<String, Hop> hops, String critical) {

  public CriticalPath {
    hops = Collections.unmodifiableMap(new LinkedHashMap<>(hops));
    if (!hops.containsKey(critical)) {
      throw new IllegalArgumentException("critical hop '" + critical + "' is not one of " + hops.keySet());
    }
  }

  /** One hop; an error naming the hops if {@code function} is not one. */
  public Hop hop(String function) {
    Hop h = hops.get(function);
    if (h == null) {
      throw new IllegalArgumentException("'" + function + "' is not a hop of this chain " + hops.keySet());
    }
    return h;
  }

  /** The localisation of {@code step} alone (correlations NaN). */
  public static CriticalPath of(Chain chain, ChainBaseline baseline, StepResult step) {
    return of(chain, baseline, List.of(step));
  }

  /** The localisation of the last of {@code recent} (oldest first), with correlations over all of them. */
  public static CriticalPath of(Chain chain, ChainBaseline baseline, List<StepResult> recent) {
    if (recent.isEmpty()) {
      throw new IllegalArgumentException("no step to localise");
    }
    StepResult last = recent.get(recent.size() - 1);
    Map<String, Double> corr = correlations(chain, recent);
    Map<String, Double> p90 = new LinkedHashMap<>();
    chain.hops().forEach(h -> p90.put(h, p90(last.function(h))));
    return compute(chain, baseline, p90(last.function(chain.entry())), ownLatencies(chain, last), p90, corr);
  }

  /**
   * The localisation from numbers: the end-to-end p90 and each hop's own mean latency (see
   * {@link Hop#latencyMicros()}), in microseconds. Hops' p90s are unknown (NaN) and correlations NaN.
   */
  public static CriticalPath of(Chain chain, ChainBaseline baseline, double e2eP90Micros,
      Map<String, Double> ownLatencyMicros) {
    for (String h : chain.hops()) {
      Double v = ownLatencyMicros.get(h);
      if (v == null || !(v >= 0)) {
        throw new IllegalArgumentException("own latency of hop '" + h + "' must be >= 0 us, was " + v);
      }
    }
    return compute(chain, baseline, e2eP90Micros, ownLatencyMicros, Map.of(), Map.of());
  }

  private static CriticalPath compute(Chain chain, ChainBaseline baseline, double e2eP90, Map<String, Double> own,
      Map<String, Double> p90, Map<String, Double> corr) {
    if (!(e2eP90 >= 0)) {
      throw new IllegalArgumentException("end-to-end p90 must be >= 0 us, was " + e2eP90);
    }
    double e2eExcess = Math.max(0, e2eP90 - baseline.e2eP90Micros());
    List<String> hops = chain.hops();
    long late = hops.stream().filter(h -> own.get(h).isInfinite()).count();
    double positive = 0, total = 0;
    for (String h : hops) {
      positive += Math.max(0, own.get(h) - baseline.latencyMicros().get(h));
      total += own.get(h);
    }
    Map<String, Hop> out = new LinkedHashMap<>();
    String critical = null;
    double worst = Double.NEGATIVE_INFINITY;
    for (String h : hops) {
      double l = own.get(h), base = baseline.latencyMicros().get(h), excess = l - base;
      double contribution, share;
      if (late > 0) {
        contribution = Double.isInfinite(l) ? e2eExcess / late : 0;
        share = Double.isInfinite(l) ? 1.0 / late : 0;
      } else {
        contribution = positive > 0 ? e2eExcess * Math.max(0, excess) / positive : 0;
        share = total > 0 ? l / total : 0;
      }
      out.put(h, new Hop(h, l, p90.getOrDefault(h, Double.NaN), base, excess, contribution, share,
          corr.getOrDefault(h, Double.NaN)));
      if (excess > worst) {
        worst = excess;
        critical = h;
      }
    }
    return new CriticalPath(e2eP90, e2eExcess, out, critical);
  }

  private static double p90(FunctionMetrics m) {
    double p = m.p90Micros();
    return Double.isFinite(p) ? p : m.issued() > 0 ? Double.POSITIVE_INFINITY : 0;
  }

  /**
   * Each hop's own mean latency in {@code step}: a callee's mean; the entry's mean less its callees'
   * (at least 0). A hop that was called and completed nothing is infinitely late; the entry then
   * counts 0 unless it is the only one.
   */
  public static Map<String, Double> ownLatencies(Chain chain, StepResult step) {
    Map<String, Double> own = new LinkedHashMap<>();
    double callees = 0;
    boolean calleeLate = false;
    for (String c : chain.callees()) {
      double l = mean(step, c);
      own.put(c, l);
      calleeLate |= Double.isInfinite(l);
      callees += l;
    }
    double e2e = mean(step, chain.entry());
    double entry = calleeLate ? 0 : Double.isInfinite(e2e) ? e2e : Math.max(0, e2e - callees);
    Map<String, Double> ordered = new LinkedHashMap<>();
    ordered.put(chain.entry(), entry);
    ordered.putAll(own);
    return ordered;
  }

  private static double mean(StepResult step, String f) {
    FunctionMetrics m = step.functions().get(f);
    if (m == null || m.issued() == 0) {
      return 0;
    }
    double mean = m.meanMicros();
    return m.completed() > 0 && Double.isFinite(mean) ? mean : Double.POSITIVE_INFINITY;
  }

  private static Map<String, Double> correlations(Chain chain, List<StepResult> recent) {
    Map<String, Double> corr = new LinkedHashMap<>();
    if (recent.size() < 3) {
      return corr;
    }
    int n = recent.size();
    double[] e2e = new double[n];
    double[][] own = new double[chain.hops().size()][n];
    for (int s = 0; s < n; s++) {
      Map<String, Double> o = ownLatencies(chain, recent.get(s));
      e2e[s] = mean(recent.get(s), chain.entry());
      for (int h = 0; h < own.length; h++) {
        own[h][s] = o.get(chain.hops().get(h));
      }
    }
    for (int h = 0; h < own.length; h++) {
      corr.put(chain.hops().get(h), pearson(own[h], e2e));
    }
    return corr;
  }

  /** Pearson's r over the steps where both are finite; NaN with fewer than three such steps or no variation. */
  static double pearson(double[] x, double[] y) {
    int k = 0;
    double[] a = new double[x.length], b = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        a[k] = x[i];
        b[k++] = y[i];
      }
    }
    if (k < 3) {
      return Double.NaN;
    }
    return new PearsonsCorrelation().correlation(java.util.Arrays.copyOf(a, k), java.util.Arrays.copyOf(b, k));
  }
}
