package faasrl.sim;

import java.util.Arrays;

/**
 * A FIFO of ints (request slots) in a growable ring buffer. {@code live} counts the entries that
 * are still waiting: a request that times out while queued stays in the ring (it is skipped when
 * it reaches the head) but stops counting as live.
 */
final class IntQueue {
  private int[] ring = new int[16];
  private int head, size;
  int live;

  boolean isEmpty() {
    return size == 0;
  }

  void add(int v) {
    if (size == ring.length) {
      int[] bigger = new int[ring.length * 2];
      for (int i = 0; i < size; i++) {
        bigger[i] = ring[(head + i) & (ring.length - 1)];
      }
      ring = bigger;
      head = 0;
    }
    ring[(head + size) & (ring.length - 1)] = v;
    size++;
    live++;
  }

  /** Removes and returns the head; only when not empty. The caller adjusts {@code live}. */
  int poll() {
    int v = ring[head];
    head = (head + 1) & (ring.length - 1);
    size--;
    return v;
  }

  void clear() {
    head = 0;
    size = 0;
    live = 0;
    Arrays.fill(ring, 0);
  }
}
