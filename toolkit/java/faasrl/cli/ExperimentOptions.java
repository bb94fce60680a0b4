package faasrl.cli;

import faasrl.experiment.Setup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code train}, {@code evaluate} and {@code reproduce} add to an experiment's {@link Setup}:
 * the backend it runs on and the step length ({@code @Mixin ExperimentOptions experiment;}).
 *
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
}
