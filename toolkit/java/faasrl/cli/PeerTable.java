package faasrl.cli;

import faasrl.invoke.H2load;
import faasrl.invoke.InvokeResult;
import faasrl.invoke.InvokerBenchmark;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Both tools' rows at each rate the invoker benchmark tried, side by side: asked, achieved, failed
 * and p50 for both, p99 and send-lag p99 for faasrl only (h2load's latency starts when a request
 * left, not when it was due, and it keeps no send lag).
 */
final class PeerTable {
  private static final String ROW = "%-7s %8s %10s %8s %9s %9s %17s%n";
  private final PrintWriter out;

  PeerTable(PrintWriter out) {
    this.out = out;
  }

  /** Runs the peer once per trial, in the trials' order, and prints a faasrl and an h2load row for each. */
  void print(List<InvokerBenchmark.Trial> trials, Function<InvokerBenchmark.Trial, H2load.Row> peer) {
    out.printf(Locale.ROOT, ROW, "tool", "asked", "achieved", "failed", "p50_us", "p99_us", "send_lag_p99_us");
    for (InvokerBenchmark.Trial t : trials) {
      InvokeResult r = t.result();
      out.printf(Locale.ROOT, ROW, "faasrl", t.rps(), fixed(r.achievedRps()), r.failed(), fixed0(r.latencyMicros(50)),
          fixed0(r.latencyMicros(99)), fixed0(r.sendLagMicros(99)));
      out.flush();
      H2load.Row h = peer.apply(t);
      out.printf(Locale.ROOT, ROW, "h2load", t.rps(), fixed(h.achievedRps()), h.failed(), fixed0(h.p50Micros()), "-",
          "-");
      out.flush();
    }
  }

  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String fixed0(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
  }
}
