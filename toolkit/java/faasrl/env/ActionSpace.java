package faasrl.env;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A discrete action space: a list of knobs (one dimension of one function, with the changes it
 * offers) and their joint product, decoded in mixed radix with the first knob varying slowest.
 * The paper's spaces: CPU -d/0/+d per function (3 actions), replicas -1/0/+1 per function (27 for
 * three functions). Two other ways to combine knobs: {@link #oneAtATime} (hold everything, or move
 * one knob by one of its changes: 19 actions for nine functions' replicas, the joint agent's space)
 * and {@link #factored} (the product, for agents that choose every knob on its own and never
 * enumerate it: 3^9 for nine functions).
 *
 * <!-- given: Map<String, ScalingConfig> current; Bounds bounds -->
 * <pre>{@code
 * ActionSpace a = ActionSpace.vertical(List.of("adservice"), 30);   // 3 actions
 * Map<String, ScalingConfig> next = a.apply(2, current, bounds);     // +30m
 * String label = a.describe(2);                                      // "adservice cpu+30"
 * }</pre>
 */
public final class ActionSpace {
  /**
   * Which knob of a function an action turns: the CPU limit by millicores, the CPU limit by a
   * percentage of itself, or the replicas.
   */
  public enum Dimension {
    CPU, CPU_PERCENT, REPLICAS;

    /** Whether this knob moves the CPU limit. */
    public boolean cpu() {
      return this != REPLICAS;
    }
  }

  /** One dimension of one function and the changes it offers. */
  public record Knob(String function, Dimension dimension, int[] deltas) {
    public Knob {
      if (deltas.length == 0) {
        throw new IllegalArgumentException("knob " + function + " " + dimension + " needs at least one change");
      }
      deltas = deltas.clone();
    }

    @Override public int[] deltas() {
      return deltas.clone();
    }
  }

  /** Most joint actions a space may have: a DQN output layer wider than this is unreasonable. */
  public static final int MAX_ACTIONS = 4096;

  /** How the knobs' changes combine into actions. */
  public enum Combination {
    /** Every knob turns at once: the product of their changes, at most {@link #MAX_ACTIONS}. */
    PRODUCT,
    /** The product without the {@link #MAX_ACTIONS} limit, for agents that choose each knob on its own. */
    FACTORED,
    /** Action 0 holds everything; every other action turns one knob by one of its non-zero changes. */
    ONE_AT_A_TIME
  }

  /** Most actions a factored space may index (the index is an int). */
  static final long MAX_FACTORED = Integer.MAX_VALUE;

  private final List<Knob> knobs;
  private final Combination combination;
  private final int size;
  /** For {@link Combination#ONE_AT_A_TIME}: action i > 0 turns knob moveKnob[i] by moveDelta[i]. */
  private final int[] moveKnob, moveDelta;

  private ActionSpace(List<Knob> knobs) {
    this(knobs, Combination.PRODUCT);
  }

  private ActionSpace(List<Knob> knobs, Combination combination) {
    if (knobs.isEmpty()) {
      throw new IllegalArgumentException("an action space needs at least one knob");
    }
    this.knobs = List.copyOf(knobs);
    this.combination = combination;
    if (combination == Combination.ONE_AT_A_TIME) {
      List<int[]> moves = new ArrayList<>();
      moves.add(new int[] {-1, 0});
      for (int i = 0; i < knobs.size(); i++) {
        for (int d : knobs.get(i).deltas) {
          if (d != 0) {
            moves.add(new int[] {i, d});
          }
        }
      }
      if (moves.size() > MAX_ACTIONS) {
        throw new IllegalArgumentException("action space has more than " + MAX_ACTIONS + " actions");
      }
      size = moves.size();
      moveKnob = moves.stream().mapToInt(m -> m[0]).toArray();
      moveDelta = moves.stream().mapToInt(m -> m[1]).toArray();
      return;
    }
    long limit = combination == Combination.PRODUCT ? MAX_ACTIONS : MAX_FACTORED;
    long n = 1;
    for (Knob k : knobs) {
      n *= k.deltas.length;
      if (n > limit) {
        throw new IllegalArgumentException("action space has more than " + limit
            + " joint actions; scale fewer functions at once");
      }
    }
    this.size = (int) n;
    moveKnob = moveDelta = null;
  }

  public static ActionSpace of(List<Knob> knobs) {
    return new ActionSpace(knobs);
  }

  /**
   * Hold everything, or turn exactly one knob by one of its non-zero changes: {@code 1 + sum of each
   * knob's non-zero changes} actions, index 0 the no-op. A single DQN over many functions chooses in
   * it where their joint product would be out of reach.
   *
   * <pre>{@code
   * ActionSpace a = ActionSpace.oneAtATime(ActionSpace.horizontal(List.of("a", "b")).knobs());
   * a.size();          // 5: noop, a-1, a+1, b-1, b+1
   * a.describe(4);     // "b replicas+1"
   * }</pre>
   */
  public static ActionSpace oneAtATime(List<Knob> knobs) {
    return new ActionSpace(knobs, Combination.ONE_AT_A_TIME);
  }

  /**
   * The product of the knobs' changes, indexed like {@link #of} but without the {@link #MAX_ACTIONS}
   * limit: for agents that choose each knob on its own (one function at a time) and never list the
   * joint actions. {@link #allowed} and {@link #nearest} do list them, so they are slow on a large one.
   *
   * <!-- given: List<String> functions -->
   * <pre>{@code
   * ActionSpace nine = ActionSpace.factored(ActionSpace.horizontalKnobs(functions));   // 3^9 actions
   * }</pre>
   */
  public static ActionSpace factored(List<Knob> knobs) {
    return new ActionSpace(knobs, Combination.FACTORED);
  }

  /** How this space combines its knobs. */
  public Combination combination() {
    return combination;
  }

  /** CPU limit -delta/0/+delta millicores per function (the paper: 30 in code, 100 in the text). */
  public static ActionSpace vertical(List<String> functions, int deltaMillicores) {
    positive("cpu delta", deltaMillicores);
    return cpu(functions, -deltaMillicores, 0, deltaMillicores);
  }

  /**
   * CPU limit changes per function from a list of millicore deltas, joint product: e.g.
   * {@code cpu(List.of("adservice"), -30, -10, 0, 10, 30)} for coarse and fine steps (5 actions).
   */
  public static ActionSpace cpu(List<String> functions, int... deltasMillicores) {
    List<Knob> k = new ArrayList<>();
    for (String f : functions) {
      k.add(new Knob(f, Dimension.CPU, deltasMillicores));
    }
    return new ActionSpace(k);
  }

  /**
   * CPU limit changes per function by percentages of the current limit, joint product: e.g.
   * {@code cpuPercent(List.of("adservice"), -25, -10, 0, 10, 25, 100, 200)} multiplies it by 0.75 .. 3.
   * Relative steps are the same for a function that needs 20m as for one that needs 800m, and a
   * few of them reach any limit from any other.
   */
  public static ActionSpace cpuPercent(List<String> functions, int... percents) {
    List<Knob> k = new ArrayList<>();
    for (int p : percents) {
      if (p <= -100) {
        throw new IllegalArgumentException("a CPU percentage change must be > -100, was " + p);
      }
    }
    for (String f : functions) {
      k.add(new Knob(f, Dimension.CPU_PERCENT, percents));
    }
    return new ActionSpace(k);
  }

  /** Replicas -1/0/+1 per function, joint product. */
  public static ActionSpace horizontal(List<String> functions) {
    return new ActionSpace(horizontalKnobs(functions));
  }

  /** One knob per function: replicas -1/0/+1, for {@link #oneAtATime} or {@link #factored}. */
  public static List<Knob> horizontalKnobs(List<String> functions) {
    List<Knob> k = new ArrayList<>();
    for (String f : functions) {
      k.add(new Knob(f, Dimension.REPLICAS, new int[] {-1, 0, 1}));
    }
    return k;
  }

  /** Both per function: CPU -d/0/+d and replicas -1/0/+1 (9 actions per function). */
  public static ActionSpace joint(List<String> functions, int deltaMillicores) {
    positive("cpu delta", deltaMillicores);
    List<Knob> k = new ArrayList<>();
    for (String f : functions) {
      k.add(new Knob(f, Dimension.CPU, new int[] {-deltaMillicores, 0, deltaMillicores}));
      k.add(new Knob(f, Dimension.REPLICAS, new int[] {-1, 0, 1}));
    }
    return new ActionSpace(k);
  }

  private static void positive(String what, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(what + " must be >= 1 millicore, was " + v);
    }
  }

  public List<Knob> knobs() {
    return knobs;
  }

  /** Number of joint actions. */
  public int size() {
    return size;
  }

  /** The change each knob makes under joint action {@code index}. */
  public int[] decode(int index) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("action must be 0.." + (size - 1) + ", was " + index);
    }
    int[] d = new int[knobs.size()];
    if (combination == Combination.ONE_AT_A_TIME) {
      if (index > 0) {
        d[moveKnob[index]] = moveDelta[index];
      }
      return d;
    }
    for (int i = knobs.size() - 1; i >= 0; i--) {
      int[] deltas = knobs.get(i).deltas;
      d[i] = deltas[index % deltas.length];
      index /= deltas.length;
    }
    return d;
  }

  /** The joint action that changes nothing, or -1 if every knob must move. */
  public int noop() {
    if (combination == Combination.ONE_AT_A_TIME) {
      return 0;
    }
    int index = 0;
    for (Knob k : knobs) {
      int zero = -1;
      for (int j = 0; j < k.deltas.length; j++) {
        if (k.deltas[j] == 0) {
          zero = j;
        }
      }
      if (zero < 0) {
        return -1;
      }
      index = index * k.deltas.length + zero;
    }
    return index;
  }

  /** The configurations after joint action {@code index}, clamped to {@code bounds}. */
  public Map<String, ScalingConfig> apply(int index, Map<String, ScalingConfig> current, Bounds bounds) {
    int[] d = decode(index);
    Map<String, ScalingConfig> next = new LinkedHashMap<>(current);
    for (int i = 0; i < d.length; i++) {
      Knob k = knobs.get(i);
      ScalingConfig c = next.get(k.function);
      if (c == null) {
        throw new IllegalArgumentException("action space scales '" + k.function + "', which has no configuration");
      }
      c = switch (k.dimension) {
        case CPU -> c.cpuMillicores(Math.max(1, Math.min(ScalingConfig.MAX_CPU_MILLICORES, c.cpuMillicores() + d[i])));
        case CPU_PERCENT -> c.cpuMillicores(Math.max(1, Math.min(ScalingConfig.MAX_CPU_MILLICORES,
            scaled(c.cpuMillicores(), d[i]))));
        case REPLICAS -> c.replicas(Math.max(0, Math.min(ScalingConfig.MAX_REPLICAS, c.replicas() + d[i])));
      };
      next.put(k.function, bounds.clamp(c));
    }
    return next;
  }

  /**
   * Which joint actions are sensible after {@code last}. For a function that missed its SLO in
   * {@code last}, no action may lower its cores (CPU limit x replicas); and the action must raise
   * them unless a roll-out was draining during that step (the cluster allocated more than the
   * configuration, the old revision still counting) and the miss was mild (at least half of the
   * asked requests completed): a configuration that missed the SLO for a whole step on its own is
   * too small, while a new one may still be clearing the backlog the old one left. Scaling down in a
   * violation never pays (the reward prices it so, see {@link Rewards#sloCost()}), nor does
   * holding a limit that is too small; the mask spares a learner from finding that out in
   * overload, where its estimates are the poorest.
   *
   * <!-- given: ActionSpace space; Observation obs; EnvSpec spec -->
   * <pre>{@code
   * boolean[] ok = space.allowed(obs.configs(), obs.last(), spec);
   * }</pre>
   */
  public boolean[] allowed(Map<String, ScalingConfig> current, StepResult last, EnvSpec spec) {
    Map<String, Boolean> missed = new LinkedHashMap<>();   // function -> must grow
    for (String f : spec.functions()) {
      if (last.functions().containsKey(f) && !spec.sloMet(last.function(f))) {
        missed.put(f, mustGrow(last.function(f), current.get(f)));
      }
    }
    boolean[] ok = allowed(current, missed, spec.bounds());
    for (boolean b : ok) {
      if (b) {
        return ok;
      }
    }
    // at the bounds nothing can grow: holding is the most that is left
    missed.replaceAll((f, grow) -> false);
    return allowed(current, missed, spec.bounds());
  }

  private boolean[] allowed(Map<String, ScalingConfig> current, Map<String, Boolean> missed, Bounds bounds) {
    boolean[] ok = new boolean[size];
    for (int i = 0; i < size; i++) {
      ok[i] = true;
      if (!missed.isEmpty()) {
        Map<String, ScalingConfig> next = apply(i, current, bounds);
        for (Map.Entry<String, Boolean> e : missed.entrySet()) {
          double now = totalMillicores(current.get(e.getKey())), then = totalMillicores(next.get(e.getKey()));
          ok[i] &= e.getValue() ? then > now : then >= now;
        }
      }
    }
    return ok;
  }

  /** Fraction of the asked requests completed below which a step counts as deep overload. */
  static final double DEEP_OVERLOAD_COMPLETION = 0.5;

  /**
   * After a missed step: whether {@code c} must grow, i.e. the step was deep overload (less than
   * half of the asked requests completed, or none) or no roll-out was draining during it.
   */
  static boolean mustGrow(FunctionMetrics m, ScalingConfig c) {
    boolean deep = m.askedRps() > 0 && m.completedRps() < DEEP_OVERLOAD_COMPLETION * m.askedRps();
    boolean rollingOut = m.cpuLimitCores() * 1000 > totalMillicores(c) * 1.01;
    return deep || !rollingOut;
  }

  /**
   * Whether a step that missed its SLO was a mild miss while a roll-out drained, so that the old
   * revision's backlog may explain it rather than the configuration it rolled out (see {@link #allowed}).
   *
   * <!-- given: Observation obs -->
   * <pre>{@code
   * boolean excused = ActionSpace.rollOutExplains(obs.last().function("adservice"));
   * }</pre>
   */
  public static boolean rollOutExplains(FunctionMetrics missed) {
    return !mustGrow(missed, missed.config());
  }

  /**
   * The joint action whose result comes closest to {@code target}, for learning from a rule-based
   * scaler that asks for configurations directly: distance is the summed difference in total cores
   * (CPU limit x replicas) per function, then in replicas; ties go to the smaller change. A scaler
   * that adds replicas in a CPU-only space thus maps to the CPU step nearest its total cores.
   *
   * <!-- given: ActionSpace space; Observation obs; EnvSpec spec; ScalingConfig wanted -->
   * <pre>{@code
   * int a = space.nearest(Map.of("adservice", wanted), obs.configs(), spec.bounds());
   * }</pre>
   */
  public int nearest(Map<String, ScalingConfig> target, Map<String, ScalingConfig> current, Bounds bounds) {
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY, bestChange = Double.POSITIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      Map<String, ScalingConfig> next = apply(i, current, bounds);
      double distance = 0, change = 0;
      for (Map.Entry<String, ScalingConfig> e : next.entrySet()) {
        ScalingConfig want = target.getOrDefault(e.getKey(), current.get(e.getKey()));
        ScalingConfig now = current.get(e.getKey());
        ScalingConfig got = e.getValue();
        distance += Math.abs(totalMillicores(got) - totalMillicores(want)) + 1e-3 * Math.abs(got.replicas() - want.replicas());
        change += Math.abs(totalMillicores(got) - totalMillicores(now)) + Math.abs(got.replicas() - now.replicas());
      }
      if (distance < bestDistance - 1e-9 || (Math.abs(distance - bestDistance) <= 1e-9 && change < bestChange)) {
        best = i;
        bestDistance = distance;
        bestChange = change;
      }
    }
    return best;
  }

  /** {@code m} changed by {@code percent}, rounded, and moved by at least 1m when the percentage is not 0. */
  static int scaled(int m, int percent) {
    long v = Math.round(m * (100.0 + percent) / 100.0);
    if (percent > 0) {
      v = Math.max(v, m + 1L);
    } else if (percent < 0) {
      v = Math.min(v, m - 1L);
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  private static double totalMillicores(ScalingConfig c) {
    return (double) c.cpuMillicores() * c.replicas();
  }

  /** A label such as {@code adservice cpu+30; cartservice replicas-1}; "noop" if nothing changes. */
  public String describe(int index) {
    int[] d = decode(index);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < d.length; i++) {
      if (d[i] != 0) {
        Knob k = knobs.get(i);
        String sign = d[i] > 0 ? "+" : "";
        parts.add(k.function + switch (k.dimension) {
          case CPU -> " cpu" + sign + d[i];
          case CPU_PERCENT -> " cpu" + sign + d[i] + "%";
          case REPLICAS -> " replicas" + sign + d[i];
        });
      }
    }
    return parts.isEmpty() ? "noop" : String.join("; ", parts);
  }

  @Override public String toString() {
    return "ActionSpace[" + size + " actions over " + knobs.size() + " knobs"
        + (combination == Combination.PRODUCT ? "" : ", " + combination.name().toLowerCase(java.util.Locale.ROOT)) + "]";
  }
}
