package faasrl.cli;

import faasrl.cluster.Cluster;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.cluster.StepTable;
import faasrl.function.Catalog;
import faasrl.function.FunctionSpecReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

/**
 * Options shared by {@code simulate} and {@code sweep}: which function, how it is provisioned, the
 * backend ({@link BackendOptions}), the step. The named function gets the given configuration; functions it calls
 * are deployed too, with the defaults (1000m, one replica).
 */
final class SimOptions {
  @Option(names = "--function", required = true, paramLabel = "NAME",
      description = "Function to load (an online-shop function, or one from --profile).")
  String function;

  @Option(names = "--profile", paramLabel = "FILE",
      description = "YAML/JSON profile file whose functions are added to the online-shop catalog.")
  Path profile;

  @Option(names = "--cpu", paramLabel = "MILLICORES", defaultValue = "1000",
      description = "CPU limit per replica in millicores (default ${DEFAULT-VALUE}).")
  int cpu;

  @Option(names = "--replicas", paramLabel = "N", defaultValue = "1",
      description = "Replicas (default ${DEFAULT-VALUE}).")
  int replicas;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "0",
      description = "containerConcurrency; 0 = unlimited (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
      description = "Seconds of load: simulated on sim, real on local and knative (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--deadline-ms", paramLabel = "MS", defaultValue = "10000",
      description = "Per-request deadline; later replies are failures (default ${DEFAULT-VALUE}).")
  long deadlineMs;

  @Option(names = "--seed", paramLabel = "X", defaultValue = DefaultSeed.VALUE,
      description = "sim: random seed; the same seed gives the same result (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin BackendOptions backend;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  RowFormat format;

  private Catalog catalog;

  /** Checks everything that does not need a cluster, so that bad input fails before any work. */
  void validate() {
    FlagRanges.stepSeconds("--seconds", seconds);
    FlagRanges.deadlineMs("--deadline-ms", deadlineMs);
    backend.validate();
    config();
    catalog().get(function);
  }

  Catalog catalog() {
    if (catalog == null) {
      Catalog shop = Catalog.onlineShop();
      catalog = profile == null ? shop : shop.with(FunctionSpecReader.read(profile));
    }
    return catalog;
  }

  ScalingConfig config() {
    return new ScalingConfig(cpu, replicas, concurrency, 0);
  }

  /** A fresh cluster with the function (and what it calls) deployed and warm, then one step of load. */
  StepResult runOnce(LoadPattern pattern) {
    try (Cluster c = backend.start(seed)) {
      BackendOptions.deploy(c, catalog(), function, config());
      return c.run(Load.of(function, pattern).seconds(seconds).deadline(Duration.ofMillis(deadlineMs)));
    }
  }

  /** The rows of {@code steps} that belong to the loaded function. */
  Table rows(List<StepResult> steps) {
    Table t = StepTable.of(steps);
    return t.where(t.stringColumn("function").isEqualTo(function)).setName(function);
  }
}
