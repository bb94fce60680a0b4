package faasrl.rl;

import faasrl.cluster.ScalingConfig;
import faasrl.env.EnvSpec;
import faasrl.env.Observation;
import faasrl.env.StateEncoder;
import faasrl.env.StateEncoders;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One function's features for the horizontal agents ({@link PerFunctionDqn}, {@link JointDqn}), and
 * the environment seen from that function alone. Not thread-safe (it caches the views).
 */
final class FunctionFeatures {
  /** The normalised features, then the utilisation one replica fewer would run at. */
  static final int SIZE = StateEncoders.NORMALISED_FEATURES + 1;
  /** Utilisations above this all look the same. */
  private static final double UTILISATION_CAP = 2;

  private final StateEncoder encoder = StateEncoders.normalised();
  private final Map<List<String>, Map<String, EnvSpec>> views = new HashMap<>();

  /** See {@link PerFunctionDqn#features}. */
  double[] of(Observation obs, String function) {
    double[] base = encoder.encode(obs.last(), obs.configs(), view(obs.spec(), function));
    double[] x = Arrays.copyOf(base, SIZE);
    ScalingConfig c = obs.config(function);
    double fewer = (c.replicas() - 1) * c.cpuCores();
    double used = obs.last().function(function).cpuUsedCores();
    x[SIZE - 1] = fewer <= 0 ? 1 : Math.min(used / fewer, UTILISATION_CAP) / UTILISATION_CAP;
    return x;
  }

  /** The environment seen from one function: its SLO, the same bounds, the normalised features' size. */
  EnvSpec view(EnvSpec spec, String function) {
    return views.computeIfAbsent(spec.functions(), k -> new LinkedHashMap<>()).computeIfAbsent(function,
        f -> new EnvSpec(List.of(f), Map.of(f, spec.slo(f)), spec.stepSeconds(), spec.bounds(), spec.actions(),
            StateEncoders.NORMALISED_FEATURES, spec.maxFailedFraction()));
  }
}
