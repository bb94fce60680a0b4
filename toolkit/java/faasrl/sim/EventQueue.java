package faasrl.sim;

import java.util.Arrays;

/**
 * A 4-ary min-heap of events keyed by time in nanoseconds, in primitive arrays (no object per
 * event; a node's four children are adjacent, which halves the depth of a binary heap). An event is a time and an int payload: its kind in the top bits, an id below.
 */
final class EventQueue {
  static final int KIND_SHIFT = 28;
  static final int ID_MASK = (1 << KIND_SHIFT) - 1;

  private long[] time = new long[256];
  private int[] what = new int[256];
  private int size;

  static int event(int kind, int id) {
    if (id < 0 || id > ID_MASK) {
      throw new IllegalStateException("event id out of range: " + id);
    }
    return (kind << KIND_SHIFT) | id;
  }

  static int kind(int event) {
    return event >>> KIND_SHIFT;
  }

  static int id(int event) {
    return event & ID_MASK;
  }

  boolean isEmpty() {
    return size == 0;
  }


  void push(long t, int w) {
    if (size == time.length) {
      time = Arrays.copyOf(time, size * 2);
      what = Arrays.copyOf(what, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int p = (i - 1) >>> 2;
      if (time[p] <= t) {
        break;
      }
      time[i] = time[p];
      what[i] = what[p];
      i = p;
    }
    time[i] = t;
    what[i] = w;
  }

  /** Time of the earliest event; only when not empty. */
  long peekTime() {
    return time[0];
  }

  /** Payload of the earliest event; only when not empty. */
  int peekWhat() {
    return what[0];
  }

  /** Removes the earliest event. */
  void pop() {
    int n = --size;
    if (n == 0) {
      return;
    }
    long t = time[n];
    int w = what[n];
    int i = 0;
    while (true) {
      int c = 4 * i + 1;
      if (c >= n) {
        break;
      }
      int end = Math.min(c + 4, n);
      int m = c;
      long mt = time[c];
      for (int k = c + 1; k < end; k++) {
        if (time[k] < mt) {
          mt = time[k];
          m = k;
        }
      }
      if (t <= mt) {
        break;
      }
      time[i] = mt;
      what[i] = what[m];
      i = m;
    }
    time[i] = t;
    what[i] = w;
  }
}
