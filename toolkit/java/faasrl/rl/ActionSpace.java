package faasrl.rl;

import faasrl.cluster.ScalingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A discrete action space: a list of knobs (one dimension of one function, with the changes it
 * offers) and their joint product, decoded in mixed radix with the first knob varying slowest.
 * The paper's spaces: CPU -d/0/+d per function (3 actions), replicas -1/0/+1 per function (27 for
 * three functions).
 *
 * <pre>{@code
 * ActionSpace a = ActionSpace.vertical(List.of("adservice"), 30);   // 3 actions
 * Map<String, ScalingConfig> next = a.apply(2, current, bounds);     // +30m
 * String label = a.describe(2);                                      // "adservice cpu+30"
 * }</pre>
 */
public final class ActionSpace {
  /** Which knob of a function an action turns. */
  public enum Dimension { CPU, REPLICAS }

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

  private final List<Knob> knobs;
  private final int size;

  private ActionSpace(List<Knob> knobs) {
    if (knobs.isEmpty()) {
      throw new IllegalArgumentException("an action space needs at least one knob");
    }
    this.knobs = List.copyOf(knobs);
    long n = 1;
    for (Knob k : knobs) {
      n *= k.deltas.length;
      if (n > MAX_ACTIONS) {
        throw new IllegalArgumentException("action space has more than " + MAX_ACTIONS
            + " joint actions; scale fewer functions at once");
      }
    }
    this.size = (int) n;
  }

  public static ActionSpace of(List<Knob> knobs) {
    return new ActionSpace(knobs);
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

  /** Replicas -1/0/+1 per function, joint product. */
  public static ActionSpace horizontal(List<String> functions) {
    List<Knob> k = new ArrayList<>();
    for (String f : functions) {
      k.add(new Knob(f, Dimension.REPLICAS, new int[] {-1, 0, 1}));
    }
    return new ActionSpace(k);
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
    for (int i = knobs.size() - 1; i >= 0; i--) {
      int[] deltas = knobs.get(i).deltas;
      d[i] = deltas[index % deltas.length];
      index /= deltas.length;
    }
    return d;
  }

  /** The joint action that changes nothing, or -1 if every knob must move. */
  public int noop() {
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
      c = k.dimension == Dimension.CPU
          ? c.cpuMillicores(Math.max(1, Math.min(ScalingConfig.MAX_CPU_MILLICORES, c.cpuMillicores() + d[i])))
          : c.replicas(Math.max(0, Math.min(ScalingConfig.MAX_REPLICAS, c.replicas() + d[i])));
      next.put(k.function, bounds.clamp(c));
    }
    return next;
  }

  /**
   * The joint action whose result comes closest to {@code target}, for learning from a rule-based
   * scaler that asks for configurations directly: distance is the summed difference in total cores
   * (CPU limit x replicas) per function, then in replicas; ties go to the smaller change. A scaler
   * that adds replicas in a CPU-only space thus maps to the CPU step nearest its total cores.
   *
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
        parts.add(k.function + (k.dimension == Dimension.CPU ? " cpu" : " replicas") + (d[i] > 0 ? "+" : "") + d[i]);
      }
    }
    return parts.isEmpty() ? "noop" : String.join("; ", parts);
  }

  @Override public String toString() {
    return "ActionSpace[" + size + " actions over " + knobs.size() + " knobs]";
  }
}
