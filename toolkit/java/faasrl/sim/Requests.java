package faasrl.sim;

import java.util.Arrays;

/**
 * Every request in flight, as slots in parallel primitive arrays (no object per request). A slot is
 * reused once its request is done; its generation changes then, so that stale references (a
 * deadline entry, a caller waiting on a callee) can tell.
 */
final class Requests {
  static final byte FREE = 0;
  /** On its way to the function's router (network and queue-proxy overhead). */
  static final byte ROUTING = 1;
  /** Waiting in a pod's queue-proxy queue or the activator buffer. */
  static final byte QUEUED = 2;
  /** Timed out while queued; freed when it reaches the head of its queue. */
  static final byte DEAD = 3;
  static final byte CPU = 4;
  static final byte IO = 5;
  /** Waiting for a downstream call. */
  static final byte CALLING = 6;

  byte[] state = new byte[1024];
  int[] gen = new int[1024];
  int[] fn = new int[1024];
  int[] pod = new int[1024];
  int[] step = new int[1024];
  int[] parent = new int[1024];
  int[] parentGen = new int[1024];
  int[] nextCall = new int[1024];
  long[] sent = new long[1024];
  long[] deadline = new long[1024];
  long[] timerAt = new long[1024];
  /** A root request whose outcome is already counted as a failure (its reply will be ignored). */
  boolean[] failed = new boolean[1024];
  /** Which queue a QUEUED request is in: a pod id, or -1 - function id for the activator buffer. */
  int[] queue = new int[1024];

  private int[] free = new int[1024];
  private int freeCount;
  /** Slots ever used: [0, highWater). */
  int highWater;

  int alloc() {
    int s;
    if (freeCount > 0) {
      s = free[--freeCount];
    } else {
      if (highWater == state.length) {
        grow();
      }
      s = highWater++;
    }
    failed[s] = false;
    parent[s] = -1;
    nextCall[s] = 0;
    return s;
  }

  void release(int s) {
    state[s] = FREE;
    gen[s]++;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = s;
  }

  /** A slot and its generation in one long, for references that may outlive the request. */
  long ref(int s) {
    return ((long) gen[s] << 32) | s;
  }

  /** The slot of a reference if it still names the same request, else -1. */
  int resolve(long ref) {
    int s = (int) ref;
    return gen[s] == (int) (ref >>> 32) && state[s] != FREE ? s : -1;
  }

  private void grow() {
    int n = state.length * 2;
    state = Arrays.copyOf(state, n);
    gen = Arrays.copyOf(gen, n);
    fn = Arrays.copyOf(fn, n);
    pod = Arrays.copyOf(pod, n);
    step = Arrays.copyOf(step, n);
    parent = Arrays.copyOf(parent, n);
    parentGen = Arrays.copyOf(parentGen, n);
    nextCall = Arrays.copyOf(nextCall, n);
    sent = Arrays.copyOf(sent, n);
    deadline = Arrays.copyOf(deadline, n);
    timerAt = Arrays.copyOf(timerAt, n);
    failed = Arrays.copyOf(failed, n);
    queue = Arrays.copyOf(queue, n);
  }
}
