package faasrl.trace;

import faasrl.csv.Csv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Reads one day of the Azure Functions 2019 trace (the format vHive's InVitro loader reads), each
 * file streamed row by row so that a full day (46,000 functions) never sits in memory:
 * <ul>
 *   <li>invocations: {@code HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440}, calls per minute;
 *   <li>durations: {@code HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,
 *       percentile_Average_0,_1,_25,_50,_75,_99,_100}, in ms;
 *   <li>memory (optional): {@code HashOwner,HashApp[,HashFunction],SampleCount,AverageAllocatedMb,
 *       AverageAllocatedMb_pct1,...}; without HashFunction a row describes every function of the app,
 *       as the published files do.
 * </ul>
 * Columns are found by their header names, so their order does not matter. Only functions that
 * have a durations row and at least one call in the window are replayed; {@code functions(n)} takes
 * n of them, sampled with the seed or the n with the most calls in the window. A row that cannot be
 * read is a {@link TraceFormatException} naming the file, the row and the field.
 *
 * <pre>{@code
 * List<TraceFunction> fs = AzureTrace.reader(Path.of("invocations.csv"), Path.of("durations.csv"))
 *     .memory(Path.of("memory.csv"))
 *     .functions(6).select(AzureTrace.Select.TOP)
 *     .from(481).minutes(60)              // minutes 481..540 of the day (08:00 to 09:00)
 *     .read();
 * }</pre>
 */
public final class AzureTrace {
  /** How {@code functions(n)} picks its n functions. */
  public enum Select {
    /** A uniform sample without replacement, seeded. */
    SAMPLE,
    /** The most called in the window (ties: the earlier row). */
    TOP
  }

  static final String OWNER = "HashOwner", APP = "HashApp", FUNCTION = "HashFunction", TRIGGER = "Trigger";
  static final double[] PERCENTS = {0, 1, 25, 50, 75, 99, 100};
  static final String MEMORY = "AverageAllocatedMb";

  private final Path invocations, durations;
  private Path memory;
  private int functions;
  private Select select = Select.SAMPLE;
  private int from = 1;
  private int minutes;
  private long seed = 1;

  private AzureTrace(Path invocations, Path durations) {
    this.invocations = invocations;
    this.durations = durations;
  }

  /** A reader of the invocations and durations files: all functions, the whole day, seed 1. */
  public static AzureTrace reader(Path invocations, Path durations) {
    if (invocations == null || durations == null) {
      throw new IllegalArgumentException("a trace needs an invocations file and a durations file");
    }
    return new AzureTrace(invocations, durations);
  }

  /** The optional memory file. */
  public AzureTrace memory(Path file) {
    memory = file;
    return this;
  }

  /** How many functions to replay, at least 1; 0 (the default) for every function that is called. */
  public AzureTrace functions(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("--functions must be >= 1, was " + n);
    }
    functions = n;
    return this;
  }

  public AzureTrace select(Select s) {
    if (s == null) {
      throw new IllegalArgumentException("--select must be sample or top");
    }
    select = s;
    return this;
  }

  /** The first minute of the window, from 1 as the file's columns count (default 1). */
  public AzureTrace from(int minute) {
    if (minute < 1) {
      throw new IllegalArgumentException("--from must be a minute >= 1 (the trace's columns count from 1), was "
          + minute);
    }
    from = minute;
    return this;
  }

  /** Minutes to replay, at least 1; 0 (the default) for every minute from {@link #from}. */
  public AzureTrace minutes(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("--minutes must be >= 1, was " + n);
    }
    minutes = n;
    return this;
  }

  /** Seed of the sample. */
  public AzureTrace seed(long s) {
    seed = s;
    return this;
  }

  /** Reads the files: the selected functions in the order of their rows in the invocations file. */
  public List<TraceFunction> read() {
    Map<String, Durations> byKey = readDurations();
    List<Candidate> chosen = readInvocations(byKey.keySet());
    Map<String, Integer> mem = memory == null ? Map.of() : readMemory(chosen);
    List<TraceFunction> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Candidate c : chosen) {
      String name = uniqueName(c.function, names);
      Integer mib = mem.getOrDefault(c.key, mem.getOrDefault(appKey(c.owner, c.app), 0));
      out.add(new TraceFunction(name, c.owner, c.app, c.function, c.trigger, c.row, c.counts,
          byKey.get(c.key).curve, mib));
    }
    return out;
  }

  /**
   * One function's calls per minute over the whole file, for a {@code trace:FILE#FUNCTION} load
   * pattern: {@code selector} is a HashFunction, or {@code top1}, {@code top2}, ... for the most
   * called functions of the day.
   */
  public static int[] row(Path invocations, String selector) {
    Selector m = new Selector(selector);
    Rows rows = new Rows(invocations);
    boolean[] headerSeen = {false};
    PriorityQueue<Candidate> top = new PriorityQueue<>(Candidate.FEWEST_CALLS);
    Candidate[] found = new Candidate[1];
    TraceCsv.forEach(invocations, line -> {
      if (!headerSeen[0]) {
        headerSeen[0] = true;
        rows.header(line, 1, 0);
        return;
      }
      if (found[0] != null) {
        return;
      }
      if (m.rank == 0) {
        if (rows.cell(line, rows.function, FUNCTION).equals(selector)) {
          found[0] = rows.candidate(line);
        }
      } else {
        top.add(rows.candidate(line));
        if (top.size() > m.rank) {
          top.poll();
        }
      }
    });
    TraceCsv.requireHeader(invocations, headerSeen[0]);
    if (m.rank > 0 && top.size() == m.rank) {
      found[0] = top.peek();
    }
    if (found[0] == null) {
      throw new IllegalArgumentException(invocations + ": " + (m.rank > 0 ? "has fewer than " + m.rank
          + " functions" : "no function with HashFunction " + selector));
    }
    return found[0].counts;
  }

  /**
   * The calls per minute over the whole file of the functions on lines {@code rows} of
   * {@code invocations} (their {@link TraceFunction#row}), by line: what a replay's functions did
   * outside its window, e.g. to train agents on other minutes of the same functions.
   *
   * <!-- given: Path inv; List<TraceFunction> fs -->
   * <pre>{@code
   * Map<Long, int[]> day = AzureTrace.wholeRows(inv, List.of(fs.get(0).row()));   // 1440 minutes each
   * }</pre>
   */
  public static Map<Long, int[]> wholeRows(Path invocations, java.util.Collection<Long> rows) {
    Set<Long> wanted = new HashSet<>(rows);
    Rows columns = new Rows(invocations);
    Map<Long, int[]> out = new java.util.LinkedHashMap<>();
    boolean[] headerSeen = {false};
    TraceCsv.forEach(invocations, line -> {
      if (!headerSeen[0]) {
        headerSeen[0] = true;
        columns.header(line, 1, 0);
      } else if (wanted.contains(line.number())) {
        out.put(line.number(), columns.candidate(line).counts);
      }
    });
    TraceCsv.requireHeader(invocations, headerSeen[0]);
    for (long r : wanted) {
      if (!out.containsKey(r)) {
        throw new IllegalArgumentException(invocations + ": has no line " + r);
      }
    }
    return out;
  }

  // ---- the three files ----

  private record Durations(PercentileCurve curve) {}

  private Map<String, Durations> readDurations() {
    Map<String, Durations> out = new HashMap<>();
    int[] cols = new int[PERCENTS.length + 3];
    boolean[] headerSeen = {false};
    TraceCsv.forEach(durations, line -> {
      if (!headerSeen[0]) {
        headerSeen[0] = true;
        TraceCsv.Header h = new TraceCsv.Header(durations, line);
        cols[0] = h.require(OWNER);
        cols[1] = h.require(APP);
        cols[2] = h.require(FUNCTION);
        for (int i = 0; i < PERCENTS.length; i++) {
          cols[3 + i] = h.require(percentileField(i));
        }
        return;
      }
      String key = key(TraceCsv.cell(durations, line, cols[0], OWNER), TraceCsv.cell(durations, line, cols[1], APP),
          TraceCsv.cell(durations, line, cols[2], FUNCTION));
      double[] v = new double[PERCENTS.length];
      for (int i = 0; i < v.length; i++) {
        String field = percentileField(i);
        v[i] = TraceCsv.number(durations, line, cols[3 + i], field);
        if (i > 0 && v[i] < v[i - 1]) {
          throw new TraceFormatException(durations, line.number(), field, fmt(v[i]) + " is below "
              + percentileField(i - 1) + " (" + fmt(v[i - 1]) + "): percentiles cannot fall");
        }
      }
      out.putIfAbsent(key, new Durations(PercentileCurve.of(PERCENTS, v)));
    });
    TraceCsv.requireHeader(durations, headerSeen[0]);
    return out;
  }

  private List<Candidate> readInvocations(Set<String> timed) {
    Rows rows = new Rows(invocations);
    SplittableRandom rng = new SplittableRandom(seed);
    List<Candidate> all = new ArrayList<>();
    PriorityQueue<Candidate> top = new PriorityQueue<>(Candidate.FEWEST_CALLS);
    long[] seen = {0};
    boolean[] headerSeen = {false};
    TraceCsv.forEach(invocations, line -> {
      if (!headerSeen[0]) {
        headerSeen[0] = true;
        rows.header(line, from, minutes);
        return;
      }
      Candidate c = rows.candidate(line);
      if (c.calls == 0 || !timed.contains(c.key)) {
        return;
      }
      seen[0]++;
      if (functions == 0) {
        all.add(c);
      } else if (select == Select.TOP) {
        top.add(c);
        if (top.size() > functions) {
          top.poll();
        }
      } else if (all.size() < functions) { // reservoir sampling (Algorithm R)
        all.add(c);
      } else {
        long j = rng.nextLong(seen[0]);
        if (j < functions) {
          all.set((int) j, c);
        }
      }
    });
    TraceCsv.requireHeader(invocations, headerSeen[0]);
    List<Candidate> out = new ArrayList<>(select == Select.TOP && functions > 0 ? top : all);
    out.sort(Comparator.comparingLong(c -> c.row));
    return out;
  }

  private Map<String, Integer> readMemory(List<Candidate> chosen) {
    Set<String> wanted = new HashSet<>();
    for (Candidate c : chosen) {
      wanted.add(c.key);
      wanted.add(appKey(c.owner, c.app));
    }
    Map<String, Integer> out = new HashMap<>();
    int[] cols = new int[4];
    boolean[] headerSeen = {false};
    TraceCsv.forEach(memory, line -> {
      if (!headerSeen[0]) {
        headerSeen[0] = true;
        TraceCsv.Header h = new TraceCsv.Header(memory, line);
        cols[0] = h.require(OWNER);
        cols[1] = h.require(APP);
        cols[2] = h.index(FUNCTION);
        cols[3] = h.require(MEMORY);
        return;
      }
      String owner = TraceCsv.cell(memory, line, cols[0], OWNER), app = TraceCsv.cell(memory, line, cols[1], APP);
      String key = cols[2] >= 0 ? key(owner, app, TraceCsv.cell(memory, line, cols[2], FUNCTION)) : appKey(owner, app);
      if (wanted.contains(key)) {
        double mb = TraceCsv.number(memory, line, cols[3], MEMORY);
        out.putIfAbsent(key, (int) Math.min(Integer.MAX_VALUE, Math.ceil(mb)));
      }
    });
    TraceCsv.requireHeader(memory, headerSeen[0]);
    return out;
  }

  // ---- rows ----

  /** A function of the invocations file, cut to the window. */
  private record Candidate(String key, String owner, String app, String function, String trigger, long row,
      int[] counts, long calls) {
    static final Comparator<Candidate> FEWEST_CALLS =
        Comparator.comparingLong(Candidate::calls).thenComparing(Comparator.comparingLong(Candidate::row).reversed());
  }

  /** The invocations file's columns and window. */
  private static final class Rows {
    final Path file;
    int owner, app, function, trigger, one, first, count;

    Rows(Path file) {
      this.file = file;
    }

    /** Finds the columns, and the window {@code [from, from + minutes)} (0 minutes: to the last). */
    void header(Csv.Line line, int from, int minutes) {
      TraceCsv.Header h = new TraceCsv.Header(file, line);
      owner = h.require(OWNER);
      app = h.require(APP);
      function = h.require(FUNCTION);
      trigger = h.require(TRIGGER);
      one = h.require("1");
      int last = 1;
      while (h.index(Integer.toString(last + 1)) == one + last) {
        last++;
      }
      long to = minutes == 0 ? last : (long) from + minutes - 1;
      if (from > last || to > last) {
        throw new IllegalArgumentException("the window --from " + from + (minutes > 0 ? " --minutes " + minutes
            + " ends at minute " + to : "") + ", but " + file + " has minutes 1.." + last);
      }
      first = one + from - 1;
      count = (int) (to - from + 1);
    }

    Candidate candidate(Csv.Line line) {
      String o = cell(line, owner, OWNER), a = cell(line, app, APP), f = cell(line, function, FUNCTION);
      int[] counts = new int[count];
      long calls = 0;
      for (int i = 0; i < count; i++) {
        int col = first + i;
        String field = Integer.toString(col - one + 1); // the minute's column name
        String v = cell(line, col, field);
        long n;
        try {
          n = Long.parseLong(v);
        } catch (NumberFormatException e) {
          n = -1;
        }
        if (n < 0 || n > MinuteArrivals.MAX_PER_MINUTE) {
          throw new TraceFormatException(file, line.number(), field, "'" + v
              + "' is not a count of calls (a whole number 0.." + MinuteArrivals.MAX_PER_MINUTE + ")");
        }
        counts[i] = (int) n;
        calls += n;
      }
      return new Candidate(key(o, a, f), o, a, f, cell(line, trigger, TRIGGER), line.number(), counts, calls);
    }

    String cell(Csv.Line line, int col, String field) {
      return TraceCsv.cell(file, line, col, field);
    }
  }

  /** {@code HASH} or {@code topK}. */
  private static final class Selector {
    final int rank; // 0: by HashFunction

    Selector(String selector) {
      if (selector == null || selector.isBlank()) {
        throw new IllegalArgumentException("a trace pattern names a function: trace:FILE#HASHFUNCTION or trace:FILE#top1");
      }
      String s = selector.toLowerCase(Locale.ROOT);
      int r = 0;
      if (s.matches("top[0-9]{1,6}")) {
        r = Integer.parseInt(s.substring(3));
        if (r < 1) {
          throw new IllegalArgumentException("a trace pattern's rank counts from top1, was " + selector);
        }
      }
      rank = r;
    }
  }

  private static String percentileField(int i) {
    return "percentile_Average_" + fmt(PERCENTS[i]);
  }

  private static String key(String owner, String app, String function) {
    return owner + '/' + app + '/' + function;
  }

  private static String appKey(String owner, String app) {
    return owner + '/' + app;
  }

  /** {@code f-} and the hash's first ten letters and digits, lower case; a suffix when two collide. */
  private static String uniqueName(String hash, Set<String> taken) {
    String clean = hash.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    String base = "f-" + (clean.isEmpty() ? "x" : clean.substring(0, Math.min(10, clean.length())));
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + "-" + i;
    }
    return name;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
