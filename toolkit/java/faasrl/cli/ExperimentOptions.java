package faasrl.cli;

import faasrl.experiment.RunSettings;
import faasrl.experiment.Setup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code train}, {@code evaluate} and {@code reproduce} add to an experiment's {@link Setup}:
 * the backend it runs on and the step length ({@code @Mixin ExperimentOptions experiment;}).
 *
 * <!-- given: ExperimentOptions experiment -->
 * <pre>{@code
 * Setup s = experiment.apply(Setup.defaults().function("shippingservice"));
 * }</pre>
 */
final class ExperimentOptions {
  @Mixin BackendOptions backend;

  @Option(names = "--step-seconds", paramLabel = "S", defaultValue = "10",
      description = "Length of one step (default ${DEFAULT-VALUE}, as in the paper); on local and knative every "
          + "step takes this long in real time.")
  double stepSeconds;

  /** {@code setup} on this backend with this step length; one clear error for a bad backend or length. */
  Setup apply(Setup setup) {
    FlagRanges.stepSeconds("--step-seconds", stepSeconds);
    return setup.clusters(backend.factory()).stepSeconds(stepSeconds);
  }

  /** The command's own settings followed by these options', for a run directory's settings.json. */
  RunSettings settings(Object... commandSettings) {
    List<Object> all = new ArrayList<>(Arrays.asList(commandSettings)); // values may be null (absent options)
    all.addAll(List.of("--backend", backend.name(), "--step-seconds", stepSeconds));
    if (backend.name().equals("sim")) {
      all.addAll(List.of("--workers", backend.workers, "--cores", backend.cores));
    }
    return RunSettings.of(all.toArray());
  }
}
