package faasrl.experiment;

import faasrl.cluster.LoadPattern;
import faasrl.cluster.ScalingConfig;
import faasrl.env.Agent;
import faasrl.env.EpisodeLoads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The validation loads on which an agent's settings are chosen, so that the evaluation workloads
 * and seeds of {@code reproduce} are never used for a choice. Three sets, each load on its own
 * cluster seed (3000-3403, which no training or evaluation run of {@code reproduce} uses):
 * <ul>
 *   <li><b>long constant</b>: Poisson loads of 90, 170, 260 and 420 RPS, 90 steps from 100m, cluster
 *       seeds 3400-3403, each with its oracle (the cheapest static CPU limit meeting the SLO in 95%
 *       of steps, found the way {@code reproduce} finds it);</li>
 *   <li><b>large bursts</b>: a base of 60-200 RPS with bursts to 350-500 RPS every 120-240 s for
 *       30-60 s, drawn from pattern seeds 4200-4203, cluster seeds 3200-3203, 60 steps;</li>
 *   <li><b>mixed</b>: six loads drawn like the training loads (pattern seeds 4000-4005, 360 s
 *       patterns), cluster seeds 3000-3005, 36 steps;</li>
 *   <li><b>ramps</b>: four daily cycles from 50-150 RPS up to 300-500 RPS, rising for 120-300 s, drawn
 *       from pattern seeds 4300-4303, cluster seeds 3300-3303, 36 steps.</li>
 * </ul>
 * The agent is scored on every load; {@link Scores} gives each set's mean share of violating
 * steps and CPU, and the constant loads' CPU over their oracles'.
 *
 * <pre>{@code
 * Validation v = Validation.of(Setup.defaults());
 * Validation.Scores s = v.score("dqn", DqnAgent.restore(Path.of("run/checkpoint/agent")));
 * s.constantOverOracle("dqn");   // 0.40: 40% more CPU than the oracles on the long constant loads
 * }</pre>
 */
public final class Validation {
  /** The four sets. */
  public enum LoadSet {
    CONSTANT("long constant"), BURSTS("large bursts"), MIXED("mixed"), RAMPS("ramps");

    private final String label;

    LoadSet(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One validation load: its set, pattern, length in steps and cluster seed. */
  public record Load(LoadSet set, String name, LoadPattern pattern, int steps, long clusterSeed) {
    /** A relative directory for this load's step log, e.g. {@code large-bursts/bursts-0}. */
    public Path dir() {
      return Path.of(set.label().replace(' ', '-'), name.replace(' ', '-'));
    }
  }

  /** The rates of the long constant loads. */
  private static final double[] CONSTANT_RPS = {90, 170, 260, 420};
  /** Steps of a long constant, large-burst and mixed load at scale 1. */
  public static final int CONSTANT_STEPS = 90, BURST_STEPS = 60, MIXED_STEPS = 36;

  private final Setup setup;
  private final List<Load> loads;
  private double[] oracleCpu;

  private Validation(Setup setup, double scale) {
    this.setup = setup;
    List<Load> l = new ArrayList<>();
    for (int i = 0; i < CONSTANT_RPS.length; i++) {
      l.add(new Load(LoadSet.CONSTANT, String.format(Locale.ROOT, "%.0f rps", CONSTANT_RPS[i]),
          LoadPattern.poisson(CONSTANT_RPS[i]), steps(CONSTANT_STEPS, scale), 3400 + i));
    }
    for (int i = 0; i < 4; i++) {
      SplittableRandom rng = new SplittableRandom(4200 + i);
      double base = 60 + 140 * rng.nextDouble(), peak = 350 + 150 * rng.nextDouble();
      double every = 120 + 120 * rng.nextDouble(), burst = 30 + 30 * rng.nextDouble();
      l.add(new Load(LoadSet.BURSTS, "bursts " + i, LoadPattern.bursty(base, peak, every, burst),
          steps(BURST_STEPS, scale), 3200 + i));
    }
    EpisodeLoads mixed = EpisodeLoads.mixed(setup.rpsLow(), setup.rpsHigh(), 360);
    for (int i = 0; i < 6; i++) {
      l.add(new Load(LoadSet.MIXED, "mixed " + i, mixed.draw(new SplittableRandom(4000 + i), 0),
          steps(MIXED_STEPS, scale), 3000 + i));
    }
    for (int i = 0; i < 4; i++) {
      SplittableRandom rng = new SplittableRandom(4300 + i);
      double low = 50 + 100 * rng.nextDouble(), high = 300 + 200 * rng.nextDouble();
      double period = 240 + 360 * rng.nextDouble();
      l.add(new Load(LoadSet.RAMPS, "ramp " + i, LoadPattern.diurnal(low, high, period).asPoisson(),
          steps(MIXED_STEPS, scale), 3300 + i));
    }
    this.loads = List.copyOf(l);
  }

  private static int steps(int full, double scale) {
    return Math.max(3, (int) Math.round(full * scale));
  }

  /** The validation loads for agents trained with {@code setup}, at their full lengths. */
  public static Validation of(Setup setup) {
    return new Validation(setup, 1);
  }

  /**
   * The same loads with every length multiplied by {@code scale} (at least 3 steps each), for quick
   * checks; the numbers are then not comparable with full-length ones.
   */
  public Validation scale(double scale) {
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException("validation scale must be in (0, 1], was " + scale);
    }
    return new Validation(setup, scale);
  }

  public List<Load> loads() {
    return loads;
  }

  private Evaluator evaluator(Load l) {
    return new Evaluator(setup, l.pattern(), l.steps()).clusterSeed(l.clusterSeed());
  }

  /** The oracles' mean CPU (cores) on the long constant loads, at 90, 170, 260 and 420 RPS; found once. */
  public synchronized double[] oracleCpu() {
    if (oracleCpu == null) {
      List<Load> constant = loads.stream().filter(l -> l.set() == LoadSet.CONSTANT).toList();
      double[] cpu = new double[constant.size()];
      for (int i = 0; i < cpu.length; i++) {
        Evaluator ev = evaluator(constant.get(i));
        OracleSearch.Found o = OracleSearch.cpu(ev, ScalingConfig.defaults(), 10, Comparison.MIN_MET_RATE);
        cpu[i] = o.summary().cpuCoresMean();
      }
      oracleCpu = cpu;
    }
    return oracleCpu.clone();
  }

  /** Runs {@code agent} on every load (greedily, as an evaluation does) and scores it as {@code name}. */
  public Scores score(String name, Agent agent) {
    return score(name, () -> agent);
  }

  /**
   * Scores a fresh agent from {@code agents} on every load, as {@code name}: for scalers that keep
   * state from step to step, such as the rule-based ones ({@code v.score("hpa", Hpa.builder()::build)}).
   */
  public Scores score(String name, Supplier<? extends Agent> agents) {
    return score(name, agents, null);
  }

  /**
   * As {@link #score(String, Supplier)}, keeping each load's step log in
   * {@code steps/<set>/<load>/steps.csv} ({@link Load#dir}) when {@code steps} is not null, to see
   * step by step where an agent missed ({@code v.score("hpa", Hpa.builder()::build, Path.of("val/hpa"))}).
   */
  public Scores score(String name, Supplier<? extends Agent> agents, Path steps) {
    double[] oracle = oracleCpu();
    Table t = Table.create("validation " + name, StringColumn.create("agent"), StringColumn.create("set"),
        StringColumn.create("load"), DoubleColumn.create("slo_violations"), DoubleColumn.create("cpu_cores"),
        DoubleColumn.create("oracle_cpu_cores"), IntColumn.create("final_cpu_m"));
    int constant = 0;
    for (Load l : loads) {
      RunResult r = evaluator(l).run(agents.get(), steps == null ? null : steps.resolve(l.dir()));
      Summary s = r.summary();
      IntColumn cpu = r.steps().intColumn("cpu_m");
      t.stringColumn("agent").append(name);
      t.stringColumn("set").append(l.set().label());
      t.stringColumn("load").append(l.name());
      t.doubleColumn("slo_violations").append(s.sloViolationRate());
      t.doubleColumn("cpu_cores").append(s.cpuCoresMean());
      if (l.set() == LoadSet.CONSTANT) {
        t.doubleColumn("oracle_cpu_cores").append(oracle[constant++]);
      } else {
        t.doubleColumn("oracle_cpu_cores").appendMissing();
      }
      t.intColumn("final_cpu_m").append(cpu.getInt(cpu.size() - 1));
    }
    return new Scores(t);
  }

  /**
   * One or more agents' scores: one row per agent and load (columns agent, set, load,
   * slo_violations, cpu_cores, oracle_cpu_cores, final_cpu_m), and their means per set.
   */
  public record Scores(Table rows) {
    /** These scores and {@code other}'s in one table. */
    public Scores and(Scores other) {
      return new Scores(rows.copy().append(other.rows));
    }

    private Table of(String agent, LoadSet set) {
      return rows.where(rows.stringColumn("agent").isEqualTo(agent)
          .and(rows.stringColumn("set").isEqualTo(set.label())));
    }

    /** The agent's mean share of violating steps on a set. */
    public double violations(String agent, LoadSet set) {
      return of(agent, set).doubleColumn("slo_violations").mean();
    }

    /** The agent's mean CPU (cores) on a set. */
    public double cpu(String agent, LoadSet set) {
      return of(agent, set).doubleColumn("cpu_cores").mean();
    }

    /** The agent's mean CPU on the long constant loads over the oracles' mean, minus 1 (0.4: 40% more). */
    public double constantOverOracle(String agent) {
      Table c = of(agent, LoadSet.CONSTANT);
      return c.doubleColumn("cpu_cores").mean() / c.doubleColumn("oracle_cpu_cores").mean() - 1;
    }

    /** The sets whose columns give violations / cores, in the table's order. */
    private static final List<LoadSet> CHANGING = List.of(LoadSet.BURSTS, LoadSet.MIXED, LoadSet.RAMPS);

    private static double[] values(List<String> agents, ToDoubleFunction<String> f) {
      return agents.stream().mapToDouble(f).toArray();
    }

    /** The agents, in the order they were scored. */
    public List<String> agents() {
      return List.copyOf(new LinkedHashSet<>(rows.stringColumn("agent").asList()));
    }

    /**
     * One Markdown row per agent: the long constant loads' violations and CPU over the oracles (with
     * each load's final limit), then the large bursts', the mixed loads' and the ramps' violations /
     * cores; last, their mean when there are several, each with the half-width of its 95% t-interval
     * over the agents.
     */
    public String markdown() {
      return markdown(agents());
    }

    /**
     * As {@link #markdown()}, with the mean row over {@code meanOf} only (when it holds several),
     * e.g. over the trained agents and not the rule-based scalers scored beside them.
     */
    public String markdown(List<String> meanOf) {
      StringBuilder b = new StringBuilder("| agent | long constant: violations, CPU over the oracle | final limits | "
          + "large bursts | mixed | ramps |\n|---|---|---|---|---|---|\n");
      for (String a : agents()) {
        String finals = of(a, LoadSet.CONSTANT).intColumn("final_cpu_m").asList().stream().map(String::valueOf)
            .collect(Collectors.joining(" / "));
        b.append(String.format(Locale.ROOT, "| %s | %.1f%%, %+.0f%% | %sm |", a, 100 * violations(a, LoadSet.CONSTANT),
            100 * constantOverOracle(a), finals));
        for (LoadSet set : CHANGING) {
          b.append(String.format(Locale.ROOT, " %.1f%% / %.3f |", 100 * violations(a, set), cpu(a, set)));
        }
        b.append('\n');
      }
      if (meanOf.size() > 1) {
        b.append(String.format(Locale.ROOT, "| mean of %d, ± 95%% interval | %s, %s | |", meanOf.size(),
            Report.cell(values(meanOf, a -> 100 * violations(a, LoadSet.CONSTANT)), true, "%.1f%%", "%.1f"),
            Report.cell(values(meanOf, a -> 100 * constantOverOracle(a)), true, "%+.0f%%", "%.0f")));
        for (LoadSet set : CHANGING) {
          b.append(' ').append(Report.cell(values(meanOf, a -> 100 * violations(a, set)), true, "%.1f%%", "%.1f"))
              .append(" / ").append(Report.cell(values(meanOf, a -> cpu(a, set)), true, "%.3f", "%.3f")).append(" |");
        }
        b.append('\n');
      }
      return b.toString();
    }
  }
}
