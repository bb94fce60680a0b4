package faasrl.rl;

import faasrl.env.Transition;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * A fixed-capacity experience replay, uniform or proportionally prioritised (Schaul et al. 2016:
 * priority = (|TD error| + 1e-3)^alpha, importance weights (N P(i))^-beta normalised by their max).
 * New transitions get the highest priority seen so every one is replayed at least once or so.
 *
 * <!-- given: Transition transition; Random rng -->
 * <pre>{@code
 * ReplayBuffer replay = ReplayBuffer.uniform(10_000, 8);
 * replay.add(transition);
 * ReplayBuffer.Batch b = replay.sample(32, rng, 0.4);
 * }</pre>
 */
public final class ReplayBuffer {
  private static final double PRIORITY_EPS = 1e-3;

  private final int capacity, stateSize;
  private final double alpha;
  private final boolean prioritised;
  private final double[][] states, nexts;
  private final int[] actions;
  private final double[] rewards;
  private final boolean[] terminals;
  private final double[] tree; // sum tree over priorities, leaves at [capacity, 2 capacity)
  private double maxPriority = 1;
  private int size, next;

  private ReplayBuffer(int capacity, int stateSize, boolean prioritised, double alpha) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay capacity must be >= 1, was " + capacity);
    }
    if (stateSize < 1) {
      throw new IllegalArgumentException("state size must be >= 1, was " + stateSize);
    }
    if (prioritised && !(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("priority alpha must be in [0, 1], was " + alpha);
    }
    this.capacity = capacity;
    this.stateSize = stateSize;
    this.prioritised = prioritised;
    this.alpha = alpha;
    states = new double[capacity][];
    nexts = new double[capacity][];
    actions = new int[capacity];
    rewards = new double[capacity];
    terminals = new boolean[capacity];
    tree = prioritised ? new double[2 * capacity] : null;
  }

  public static ReplayBuffer uniform(int capacity, int stateSize) {
    return new ReplayBuffer(capacity, stateSize, false, 0);
  }

  public static ReplayBuffer prioritised(int capacity, int stateSize, double alpha) {
    return new ReplayBuffer(capacity, stateSize, true, alpha);
  }

  /** A sampled minibatch: rows of the buffer and, when prioritised, importance weights. */
  public record Batch(int[] indices, double[][] states, int[] actions, double[] rewards, double[][] nexts,
      boolean[] terminals, double[] weights) {}

  public int size() {
    return size;
  }

  public int capacity() {
    return capacity;
  }

  public boolean prioritised() {
    return prioritised;
  }

  /** Adds a transition, overwriting the oldest when full. */
  public void add(Transition t) {
    if (t.state().length != stateSize || t.next().length != stateSize) {
      throw new IllegalArgumentException("transition states must have " + stateSize + " features, had "
          + t.state().length + " and " + t.next().length);
    }
    states[next] = t.state();
    nexts[next] = t.next();
    actions[next] = t.action();
    rewards[next] = t.reward();
    terminals[next] = t.terminal();
    if (prioritised) {
      setPriority(next, maxPriority);
    }
    next = (next + 1) % capacity;
    size = Math.min(size + 1, capacity);
  }

  /** {@code n} transitions drawn with replacement; {@code beta} is the importance-weight exponent. */
  public Batch sample(int n, Random rng, double beta) {
    if (size == 0) {
      throw new IllegalStateException("cannot sample an empty replay buffer");
    }
    int[] idx = new int[n];
    double[] w = new double[n];
    if (prioritised) {
      double total = tree[1];
      double minP = Double.MAX_VALUE;
      for (int i = 0; i < size; i++) {
        minP = Math.min(minP, tree[capacity + i]);
      }
      double maxW = Math.pow(size * minP / total, -beta);
      for (int i = 0; i < n; i++) {
        double u = (i + rng.nextDouble()) * total / n; // stratified
        idx[i] = find(Math.min(u, Math.nextDown(total)));
        w[i] = Math.pow(size * tree[capacity + idx[i]] / total, -beta) / maxW;
      }
    } else {
      for (int i = 0; i < n; i++) {
        idx[i] = rng.nextInt(size);
        w[i] = 1;
      }
    }
    double[][] s = new double[n][], s2 = new double[n][];
    int[] a = new int[n];
    double[] r = new double[n];
    boolean[] term = new boolean[n];
    for (int i = 0; i < n; i++) {
      s[i] = states[idx[i]];
      s2[i] = nexts[idx[i]];
      a[i] = actions[idx[i]];
      r[i] = rewards[idx[i]];
      term[i] = terminals[idx[i]];
    }
    return new Batch(idx, s, a, r, s2, term, w);
  }

  /** New priorities from the TD errors of a sampled batch (ignored when uniform). */
  public void updatePriorities(int[] indices, double[] tdErrors) {
    if (!prioritised) {
      return;
    }
    for (int i = 0; i < indices.length; i++) {
      double p = Math.pow(Math.abs(tdErrors[i]) + PRIORITY_EPS, alpha);
      maxPriority = Math.max(maxPriority, p);
      setPriority(indices[i], p);
    }
  }

  private void setPriority(int i, double p) {
    int node = capacity + i;
    double delta = p - tree[node];
    for (; node >= 1; node /= 2) {
      tree[node] += delta;
    }
  }

  private int find(double u) {
    // every inner node holds the sum of its two children, for any capacity
    int node = 1;
    while (node < capacity) {
      int left = 2 * node;
      if (u < tree[left]) {
        node = left;
      } else {
        u -= tree[left];
        node = left + 1;
      }
    }
    return Math.min(node - capacity, size - 1);
  }

  /** Writes every transition and priority. */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(capacity);
    out.writeInt(stateSize);
    out.writeBoolean(prioritised);
    out.writeDouble(alpha);
    out.writeInt(size);
    out.writeInt(next);
    out.writeDouble(maxPriority);
    // one bulk write per transition: DataOutputStream's per-value calls took half of a checkpoint
    ByteBuffer record = ByteBuffer.allocate(recordBytes(stateSize));
    for (int i = 0; i < size; i++) {
      record.clear();
      record.asDoubleBuffer().put(states[i]).put(nexts[i]);
      record.position(2 * stateSize * Double.BYTES);
      record.putInt(actions[i]).putDouble(rewards[i]).put((byte) (terminals[i] ? 1 : 0))
          .putDouble(prioritised ? tree[capacity + i] : 0);
      out.write(record.array(), 0, record.position());
    }
  }

  /** Bytes of one transition in {@link #write}'s layout (big-endian, as {@link DataOutputStream} writes). */
  private static int recordBytes(int stateSize) {
    return 2 * stateSize * Double.BYTES + Integer.BYTES + Double.BYTES + 1 + Double.BYTES;
  }

  /** Reads what {@link #write} wrote. */
  public static ReplayBuffer read(DataInputStream in) throws IOException {
    int capacity = in.readInt();
    int stateSize = in.readInt();
    boolean prioritised = in.readBoolean();
    double alpha = in.readDouble();
    ReplayBuffer b = new ReplayBuffer(capacity, stateSize, prioritised, alpha);
    b.size = in.readInt();
    b.next = in.readInt();
    b.maxPriority = in.readDouble();
    ByteBuffer record = ByteBuffer.allocate(recordBytes(stateSize));
    for (int i = 0; i < b.size; i++) {
      in.readFully(record.array());
      record.clear();
      b.states[i] = new double[stateSize];
      b.nexts[i] = new double[stateSize];
      record.asDoubleBuffer().get(b.states[i]).get(b.nexts[i]);
      record.position(2 * stateSize * Double.BYTES);
      b.actions[i] = record.getInt();
      b.rewards[i] = record.getDouble();
      b.terminals[i] = record.get() != 0;
      double p = record.getDouble();
      if (prioritised) {
        b.setPriority(i, p);
      }
    }
    return b;
  }
}
