package faasrl.sim;

import java.util.Arrays;

/**
 * A binary min-heap of events keyed by time in nanoseconds, in primitive arrays (no object per
 * event). An event is a time and an int payload: its kind in the top bits, an id below.
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

  int size() {
    return size;
  }

  void push(long t, int w) {
    if (size == time.length) {
      time = Arrays.copyOf(time, size * 2);
      what = Arrays.copyOf(what, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
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
    int half = n >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      int r = c + 1;
      if (r < n && time[r] < time[c]) {
        c = r;
      }
      if (t <= time[c]) {
        break;
      }
      time[i] = time[c];
      what[i] = what[c];
      i = c;
    }
    time[i] = t;
    what[i] = w;
  }
}
