package faasrl.cli;

import faasrl.Clusters;
import faasrl.cluster.Cluster;
import faasrl.cluster.ScalingConfig;
import faasrl.experiment.ClusterFactory;
import faasrl.function.Catalog;
import faasrl.function.FunctionSpec;
import faasrl.sim.SimulatedCluster;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The one way every command that drives a cluster picks its backend ({@code @Mixin BackendOptions
 * backend;}): {@code --backend sim|local|knative}, the simulator's size and the knative options.
 *
 * <!-- given: BackendOptions backend; long seed; Catalog catalog -->
 * <pre>{@code
 * try (Cluster c = backend.start(seed)) {
 *   backend.deploy(c, catalog, "adservice", ScalingConfig.defaults());   // warm when it returns
 * }
 * }</pre>
 */
public final class BackendOptions {
  /** The backends, in the order the help lists them. */
  private static final List<String> NAMES = List.of("sim", "local", "knative");

  @Option(names = "--backend", paramLabel = "NAME",
      description = "sim (default: the simulated cluster), local (real function processes with cgroup CPU limits "
          + "on this machine) or knative (the cluster --kubeconfig points at).")
  String name;

  @Option(names = "--workers", paramLabel = "W", defaultValue = "4",
      description = "sim: worker nodes (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--cores", paramLabel = "K", defaultValue = "20",
      description = "sim: cores per worker (default ${DEFAULT-VALUE}).")
  double cores;

  @Mixin KnativeOptions knative;

  /** The backend's name; {@code sim} unless --backend was given. */
  public String name() {
    return name == null ? "sim" : name;
  }

  /** Whether --backend was given (some commands have another way to reach functions). */
  boolean explicit() {
    return name != null;
  }

  /**
   * Checks the backend's name and options before any work: one clear error for an unknown backend,
   * a knative backend without --kubeconfig, or a simulator of no size.
   */
  public BackendOptions validate() {
    switch (name()) {
      case "sim" -> simulator(1);
      case "local" -> { }
      case "knative" -> knative.builder();
      default -> throw new IllegalArgumentException("--backend must be one of " + String.join("|", NAMES)
          + ", was '" + name + "'");
    }
    return this;
  }

  /** Starts the backend; {@code seed} seeds the simulator (the real backends have no seed). */
  public Cluster start(long seed) {
    validate();
    return switch (name()) {
      case "sim" -> simulator(seed).start();
      case "local" -> Clusters.local().start();
      default -> knative.builder().start();
    };
  }

  /** These options as the experiments' cluster factory. */
  public ClusterFactory factory() {
    validate();
    return this::start;
  }

  /** The simulator these options size, whatever the backend: where agents train before a real run. */
  public ClusterFactory simulated() {
    return seed -> simulator(seed).start();
  }

  /** One line for reports: which backend, and the simulator's size. */
  public String describe() {
    return name().equals("sim")
        ? String.format(Locale.ROOT, "simulated cluster (%d workers x %s cores)", workers, fmt(cores))
        : name() + " backend";
  }

  /**
   * Deploys {@code function} with {@code config} and the functions it calls with the defaults, and
   * returns once they serve ({@link Cluster#awaitReady()}: the simulator's clock runs through the cold
   * starts).
   */
  public static void deploy(Cluster c, Catalog catalog, String function, ScalingConfig config) {
    for (FunctionSpec s : catalog.closure(List.of(function)).specs()) {
      c.deploy(s, s.name().equals(function) ? config : ScalingConfig.defaults());
    }
    c.awaitReady();
  }

  private SimulatedCluster.Builder simulator(long seed) {
    return SimulatedCluster.builder().workers(workers).coresPerWorker(cores).seed(seed);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
