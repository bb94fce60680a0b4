package faasrl.experiment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * A comparison repeated on several seeds ({@link Seeds}): each replicate trains its own agents and
 * tunes its own baselines on its training seed and is evaluated on its own evaluation seed, in
 * {@code out/seed-<seed>}. Replicates are independent and run in parallel threads (one per core
 * by default; each DL4J network lives in one thread). Returns every replicate's rows with a
 * {@code seed} column, for {@link Report#markdown(Table, boolean)} to average.
 *
 * <pre>{@code
 * Table all = SeedRuns.of(Comparison.of(Setup.defaults()).trainingSteps(800).evalSteps(36), new Seeds(7, 3))
 *     .parallel(2).run(Path.of("out"), System.err);
 * }</pre>
 */
public final class SeedRuns {
  private final Comparison comparison;
  private final Seeds seeds;
  private int parallel = Runtime.getRuntime().availableProcessors();

  private SeedRuns(Comparison comparison, Seeds seeds) {
    this.comparison = comparison;
    this.seeds = seeds;
  }

  public static SeedRuns of(Comparison comparison, Seeds seeds) {
    return new SeedRuns(comparison, seeds);
  }

  /** Replicates run at once (default: available processors). */
  public SeedRuns parallel(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("parallel replicates must be >= 1, was " + v);
    }
    parallel = v;
    return this;
  }

  /** The directory of one replicate's run. */
  public static Path dir(Path out, long seed) {
    return out.resolve("seed-" + seed);
  }

  /** Runs every replicate; the combined table also goes to {@code out/comparison.csv}. */
  public Table run(Path out, PrintStream progress) throws IOException {
    int threads = Math.min(parallel, seeds.count());
    ExecutorService pool = daemonPool(threads, "seed-run");
    try {
      List<Future<Table>> runs = new ArrayList<>();
      for (long seed : seeds.trainingSeeds()) {
        // several replicates share the terminal: whole lines only, each named by its seed
        PrintStream p = progress == null ? null : threads == 1 ? progress : prefixed(progress, "[seed " + seed + "] ");
        runs.add(pool.submit(() -> comparison.withSeed(seed).run(dir(out, seed), p)));
      }
      Table all = null;
      for (int r = 0; r < runs.size(); r++) {
        Table t = get(runs.get(r));
        long seed = seeds.training(r);
        LongColumn s = LongColumn.create("seed", t.rowCount());
        for (int i = 0; i < t.rowCount(); i++) {
          s.set(i, seed);
        }
        t.insertColumn(0, s);
        all = all == null ? t : all.append(t);
      }
      all.write().csv(out.resolve("comparison.csv").toFile());
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A pool of {@code threads} daemon threads named {@code name}: work left in it never keeps the JVM
   * from exiting (callers shut it down when done).
   */
  public static ExecutorService daemonPool(int threads, String name) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * {@code to} for one of several jobs sharing a terminal: whole lines only, a progress bar's last
   * redraw, each line starting with {@code prefix}.
   */
  public static PrintStream prefixed(PrintStream to, String prefix) {
    return new PrintStream(new Lines(to, prefix), true, StandardCharsets.UTF_8);
  }

  /** The result of {@code f}, with the job's own exception rethrown. */
  public static <T> T get(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    }
  }

  /** Forwards whole lines, keeping only a progress bar's last redraw, with a prefix. */
  private static final class Lines extends OutputStream {
    private final PrintStream to;
    private final String prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Lines(PrintStream to, String prefix) {
      this.to = to;
      this.prefix = prefix;
    }

    @Override public synchronized void write(int b) {
      if (b != '\n') {
        line.write(b);
        return;
      }
      String s = line.toString(StandardCharsets.UTF_8);
      line.reset();
      s = s.substring(s.lastIndexOf('\r') + 1).strip();
      if (!s.isEmpty()) {
        synchronized (to) {
          to.println(prefix + s);
        }
      }
    }
  }
}
