package faasrl.sim;

import faasrl.cluster.ScalingConfig;
import java.util.Arrays;

/**
 * One replica of a function on a node, and its CPU as Linux CFS bandwidth control runs it.
 *
 * <p>Requests in the CPU phase share the pod: while the pod has quota left each runs on a core of
 * its own (at most one core per request), unless the runtime runs fewer at once (the function's
 * {@code parallelism}: then they share that many cores) or the node's cores are oversubscribed. All
 * of them progress at the same rate. A pod therefore keeps one virtual clock {@code v} (CPU
 * nanoseconds each running request has received) and a min-heap of finish tags: a request started
 * at virtual time v0 with w nanoseconds of work finishes when {@code v} reaches v0 + w.
 *
 * <p>Quota: {@code cpu limit x 100 ms} of CPU time per 100 ms period, counted over all the pod's
 * requests; a pod that spends it is throttled (nothing of it runs) until the period ends. Periods
 * start when the pod becomes ready. Between events nothing changes but linear progress, so
 * {@link #advance} is cheap and {@link #nextEventTime} says when the next change is due.
 */
final class Pod {
  static final long PERIOD_NS = ScalingConfig.CFS_PERIOD_MICROS * 1000;
  static final long NONE = Long.MAX_VALUE;
  /** Completion and quota checks tolerate this much floating-point error (nanoseconds). */
  private static final double EPS = 1.0;

  enum Phase { PENDING, STARTING, READY, TERMINATED }

  final int id;
  final FunctionState fn;
  /** Requests the runtime runs on CPU at once; 0 = no limit. */
  private final int parallelism;
  /** Cores this pod last asked of its node. */
  private int threadsOnNode;
  Revision rev;
  SimNode node;
  Phase phase = Phase.PENDING;
  boolean draining;
  long readyAt;
  /** Requests assigned to this pod: in CPU, I/O or waiting on downstream calls. */
  int inflight;
  /** The queue-proxy queue (used by round-robin routing when the pod is at capacity). */
  final IntQueue queue = new IntQueue();

  long quotaNs;
  private long periodOrigin;
  private double v;
  private double used;
  /** Requests in the CPU phase. */
  int running;
  boolean throttled;
  private long throttledUntil;
  private long lastT;
  private long lastCountedPeriod = Long.MIN_VALUE;
  long nextEvent = NONE;

  private double[] tags = new double[8];
  private int[] slots = new int[8];

  Pod(int id, FunctionState fn, Revision rev) {
    this.id = id;
    this.fn = fn;
    this.rev = rev;
    this.quotaNs = quotaOf(rev.config.cpuMillicores());
    this.parallelism = rev.spec.parallelism();
  }

  static long quotaOf(int millicores) {
    return millicores * (PERIOD_NS / 1000);
  }

  /** The pod becomes ready at {@code t}: its CFS periods start there. */
  void ready(long t) {
    phase = Phase.READY;
    periodOrigin = t;
    lastT = t;
  }

  /** Ready, not draining, and of the revision that receives traffic. */
  boolean routable() {
    return phase == Phase.READY && !draining && rev == fn.active;
  }

  private long periodIndex(long t) {
    return Math.floorDiv(t - periodOrigin, PERIOD_NS);
  }

  private long periodStart(long t) {
    return periodOrigin + periodIndex(t) * PERIOD_NS;
  }

  private void countPeriods(long from, long to) {
    long k0 = Math.max(periodIndex(from), lastCountedPeriod + 1);
    long k1 = periodIndex(Math.max(from, to - 1));
    if (k1 >= k0) {
      fn.stats.periods += k1 - k0 + 1;
      lastCountedPeriod = k1;
    }
  }

  /** Integrates progress up to {@code t}; valid only up to {@link #nextEvent}. */
  void advance(long t) {
    long dt = t - lastT;
    if (dt <= 0) {
      return;
    }
    long ps = periodStart(t);
    if (throttled) {
      countPeriods(lastT, t);
    } else if (running > 0) {
      double r = rate();
      double each = r * dt;
      double cpu = each * running;
      v += each;
      used = ps > lastT ? running * r * (t - ps) : used + cpu;
      countPeriods(lastT, t);
      fn.stats.cpuNanos += cpu;
      node.userNanos += cpu;
    } else if (ps > lastT) {
      used = 0;
    }
    lastT = t;
  }

  /** Speed of each running request, in cores. */
  private double rate() {
    return parallelism > 0 && running > parallelism ? node.rate * parallelism / running : node.rate;
  }

  /** Tells the node how many cores this pod wants now; call after every change of running or throttling. */
  void syncNode(long t) {
    int threads = throttled ? 0 : parallelism > 0 ? Math.min(running, parallelism) : running;
    if (threads != threadsOnNode) {
      int delta = threads - threadsOnNode;
      threadsOnNode = threads;
      node.changeRunnable(delta, t);
    }
  }

  /** Starts the CPU phase of request {@code slot} needing {@code workNs} of CPU, at {@code t}. */
  void addWork(int slot, double workNs, long t) {
    advance(t);
    if (running == 0 && !throttled) {
      countPeriods(t, t + 1);
    }
    push(v + workNs, slot);
    running++;
    syncNode(t);
  }

  /** Earliest finish tag reached by the virtual clock: the slot to finish now, or -1. */
  int pollFinished() {
    if (running == 0 || throttled || tags[0] > v + EPS) {
      return -1;
    }
    int s = pop();
    running--;
    return s;
  }

  /** Ends throttling when the period is over. */
  void unthrottleIfDue(long t) {
    if (throttled && t >= throttledUntil) {
      throttled = false;
      used = 0;
    }
  }

  /** Throttles the pod until the period's end if it spent its quota. */
  void throttleIfSpent(long t) {
    if (!throttled && running > 0 && used >= quotaNs - EPS) {
      throttled = true;
      throttledUntil = periodStart(t) + PERIOD_NS;
      fn.stats.throttledPeriods++;
    }
  }

  /** Changes the CPU limit in place (takes effect now, within the current period). */
  void resize(int millicores, long t) {
    advance(t);
    quotaNs = quotaOf(millicores);
  }

  /** When the next completion, quota exhaustion or end of throttling is due; NONE if never. */
  long nextEventTime() {
    if (throttled) {
      return throttledUntil;
    }
    if (running == 0) {
      return NONE;
    }
    double r = rate();
    // at full speed, as mostly, no division: x / 1.0 is x to the bit
    double toFinish = r == 1 ? tags[0] - v : (tags[0] - v) / r;
    long best = toFinish <= EPS ? lastT : lastT + (long) Math.ceil(toFinish);
    double c = running * r;
    long periodEnd = periodStart(lastT) + PERIOD_NS;
    double toSpend = (quotaNs - used) / c;
    long spent;
    if (lastT + toSpend < periodEnd) {
      spent = lastT + (long) Math.ceil(Math.max(0, toSpend));
    } else if (c * PERIOD_NS > quotaNs) {
      spent = periodEnd + (long) Math.ceil(quotaNs / c);
    } else {
      spent = NONE;
    }
    return Math.min(best, spent);
  }

  // ---- the heap of finish tags ----

  private void push(double tag, int slot) {
    int n = running;
    if (n == tags.length) {
      tags = Arrays.copyOf(tags, n * 2);
      slots = Arrays.copyOf(slots, n * 2);
    }
    int i = n;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (tags[p] <= tag) {
        break;
      }
      tags[i] = tags[p];
      slots[i] = slots[p];
      i = p;
    }
    tags[i] = tag;
    slots[i] = slot;
  }

  private int pop() {
    int top = slots[0];
    int n = running - 1;
    double tag = tags[n];
    int slot = slots[n];
    int i = 0;
    int half = n >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      if (c + 1 < n && tags[c + 1] < tags[c]) {
        c++;
      }
      if (tag <= tags[c]) {
        break;
      }
      tags[i] = tags[c];
      slots[i] = slots[c];
      i = c;
    }
    tags[i] = tag;
    slots[i] = slot;
    return top;
  }
}
