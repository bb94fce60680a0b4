package faasrl.cli;

import faasrl.cluster.Node;
import faasrl.cluster.NodeMetrics;
import faasrl.knative.KnativeCluster;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faasrl knative-status}: checks a Knative cluster the way the knative backend will use it. */
@Command(name = "knative-status", sortOptions = false,
    description = {"Checks the Knative cluster a kubeconfig points at, as the knative backend uses it: the API and "
        + "Knative Serving answer, the workers, each worker's Prometheus figures, and the functions faasrl "
        + "deployed there."},
    footer = {"", "Example:", "  faasrl knative-status --kubeconfig faasrl-cluster/kubeconfig"})
public final class KnativeStatusCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin KnativeOptions knative;

  @Option(names = "--window", defaultValue = "5", paramLabel = "S",
      description = "seconds of node metrics to average (default: ${DEFAULT-VALUE})")
  int windowSeconds;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Override public Integer call() {
    if (windowSeconds < 2) {
      throw new IllegalArgumentException("--window must be >= 2 seconds (two 1 s scrapes), was " + windowSeconds);
    }
    PrintWriter out = spec.commandLine().getOut();
    int problems = 0;
    try (KnativeCluster c = knative.builder().start()) {
      out.printf("Kubernetes API %s, namespace %s: Knative Serving answers%n", c.apiServer(), c.namespace());
      out.printf("workers: %d%n", c.nodes().size());
      for (Node n : c.nodes()) {
        out.printf("  %-12s %5.1f cores %8d MiB%n", n.name(), n.cores(), n.memoryMiB());
      }
      try {
        out.printf("%-12s %6s %6s %6s %8s %10s %10s%n", "node", "idle", "user", "system", "mem_free", "rx_Mbps",
            "tx_Mbps");
        for (NodeMetrics m : c.nodeMetrics(Duration.ofSeconds(windowSeconds))) {
          out.printf("%-12s %6.3f %6.3f %6.3f %8.3f %10.2f %10.2f%n", m.node(), m.cpuIdle(), m.cpuUser(),
              m.cpuSystem(), m.memFree(), m.netRxBitsPerSecond() / 1e6, m.netTxBitsPerSecond() / 1e6);
        }
      } catch (IllegalStateException e) {
        problems++;
        out.println("node metrics: " + e.getMessage());
      }
      out.printf("functions deployed by faasrl: %d%n", c.functions().size());
      for (String f : c.functions()) {
        out.printf("  %-22s %-16s ready %d  %s%n", f, c.config(f), c.readyReplicas(f), url(c, f));
      }
    } catch (IllegalStateException e) { // the cluster answered wrongly or not at all: one line, no trace
      out.flush();
      spec.commandLine().getErr().println("faasrl: " + e.getMessage());
      return 1;
    }
    out.flush();
    return problems == 0 ? 0 : 1;
  }

  private static String url(KnativeCluster c, String f) {
    try {
      return c.url(f).toString();
    } catch (IllegalStateException e) {
      return "(no URL yet)";
    }
  }
}
