package faasrl.sim;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.Catalog;
import faasrl.function.FunctionSpec;
import java.util.List;

/** Runs one catalog function (and what it calls, at the defaults) on a fresh, warm simulated cluster. */
final class CatalogRuns {
  static final Catalog SHOP = Catalog.onlineShop();

  private CatalogRuns() {}

  static StepResult run(String function, ScalingConfig config, double rps, double seconds) {
    try (SimulatedCluster c = Clusters.simulated().seed(11).start()) {
      for (FunctionSpec s : SHOP.closure(List.of(function)).specs()) {
        c.deploy(s, s.name().equals(function) ? config : ScalingConfig.defaults());
      }
      c.awaitReady();
      return Conservation.check(c.run(Load.of(function, LoadPattern.poisson(rps)).seconds(seconds)));
    }
  }

  static FunctionMetrics measure(String function, ScalingConfig config, double rps, double seconds) {
    return run(function, config, rps, seconds).function(function);
  }

  /** Requests per second one core serves for the slowest function in {@code function}'s chain. */
  static double oneCoreCapacity(String function) {
    double worst = 0;
    for (FunctionSpec s : SHOP.closure(List.of(function)).specs()) {
      worst = Math.max(worst, s.cpu().mean());
    }
    return 1e6 / worst;
  }
}
