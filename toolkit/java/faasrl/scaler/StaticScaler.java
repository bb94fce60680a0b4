package faasrl.scaler;

import faasrl.cluster.ScalingConfig;
import faasrl.env.Action;
import faasrl.env.Agent;
import faasrl.env.Observation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps one fixed configuration. The production default is one replica at 1000m
 * ({@link ScalingConfig#defaults()}); the oracle is a static scaler whose configuration was found by
 * search ({@code faasrl.experiment.OracleSearch}).
 *
 * <pre>{@code
 * Agent fixed = StaticScaler.of(ScalingConfig.defaults().cpuMillicores(300));
 * }</pre>
 */
public final class StaticScaler implements Agent {
  private final String name;
  private final ScalingConfig all;
  private final Map<String, ScalingConfig> perFunction;

  private StaticScaler(String name, ScalingConfig all, Map<String, ScalingConfig> perFunction) {
    this.name = name;
    this.all = all;
    this.perFunction = Map.copyOf(perFunction);
  }

  /** The same configuration for every function. */
  public static StaticScaler of(ScalingConfig config) {
    return new StaticScaler("static", config, Map.of());
  }

  /** The same configuration for every function, under {@code name} (e.g. {@code oracle}). */
  public static StaticScaler named(String name, ScalingConfig config) {
    return new StaticScaler(name, config, Map.of());
  }

  /** A configuration per function, under {@code name}. */
  public static StaticScaler named(String name, Map<String, ScalingConfig> configs) {
    return new StaticScaler(name, null, configs);
  }

  /** The production default: 1000m, one replica. */
  public static StaticScaler productionDefault() {
    return of(ScalingConfig.defaults());
  }

  /** The configuration this scaler holds for {@code function}. */
  public ScalingConfig config(String function) {
    ScalingConfig c = perFunction.getOrDefault(function, all);
    if (c == null) {
      throw new IllegalArgumentException(name + " has no configuration for function '" + function + "'");
    }
    return c;
  }

  @Override public String name() {
    return name;
  }

  @Override public Action act(Observation obs, boolean explore) {
    Map<String, ScalingConfig> m = new LinkedHashMap<>();
    for (String f : obs.spec().functions()) {
      m.put(f, config(f));
    }
    return Action.configs(m);
  }

  @Override public String toString() {
    return name + (all != null ? "(" + all + ")" : perFunction.toString());
  }
}
