package faasrl.sim;

/**
 * The root requests issued with one deadline length, in issue order: since they share the length,
 * their deadlines are in the same order, so one timer at the head's deadline finds every timeout.
 * Entries are request references (slot and generation); finished requests are dropped lazily,
 * when they reach the head.
 */
final class DeadlineWatch {
  final long lengthNs;
  final int id;
  boolean scheduled;
  private long[] ring = new long[1024];
  private int head, size;

  DeadlineWatch(long lengthNs, int id) {
    this.lengthNs = lengthNs;
    this.id = id;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void add(long ref) {
    if (size == ring.length) {
      long[] bigger = new long[ring.length * 2];
      for (int i = 0; i < size; i++) {
        bigger[i] = ring[(head + i) & (ring.length - 1)];
      }
      ring = bigger;
      head = 0;
    }
    ring[(head + size) & (ring.length - 1)] = ref;
    size++;
  }

  long peek() {
    return ring[head];
  }

  void poll() {
    head = (head + 1) & (ring.length - 1);
    size--;
  }
}
