package faasrl.rl;

import static faasrl.rl.DqnAgent.argMax;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.env.ActionSpace;
import faasrl.env.EnvSpec;
import faasrl.env.Observation;
import faasrl.env.StateEncoders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * How a {@link DqnAgent} picks an action from its Q-values when it does not explore: the mask's
 * allowed actions, then the evaluation rules its {@link DqnConfig} turns on (a raise that leaves room
 * after a jump, floors while a peak is recent, a lead on ramps, and on a steady load the cheapest
 * nearly-as-good trim that lowers no function to a limit known to miss). Plain Java on the
 * observation's recent steps; the network only supplies the Q-values.
 */
final class EvaluationChoice {
  private final DqnConfig config;
  private final int actions;

  EvaluationChoice(DqnConfig config, int actions) {
    this.config = config;
    this.actions = actions;
  }

  /**
   * The best allowed action; when {@code notExploring} after a miss at a rate that jumped, the best
   * one that leaves the new rate's demand room ({@link #jumpNeeds}); after a step that met the SLO (or
   * missed it only rolling out of the reset, {@link #missedOwnLimit}), none below what met a recent
   * peak ({@link #peakFloors}), the
   * best one that leads a ramp ({@link DqnConfig#rampUtilisation}), and on a steady load the cheapest
   * one that is nearly as good ({@link DqnConfig#steadyTrim}) or leaves the recent CPU use at most
   * {@link DqnConfig#trimUtilisation} of the limit, and lowers no function to a limit known to miss.
   * Training never meets these rules: its steps explore, or after a miss {@link DqnAgent#exploit}.
   */
  int choose(double[] q, Observation obs, boolean[] ok, boolean notExploring) {
    boolean leads = config.rampUtilisation() > 0;
    if (!notExploring || missedOwnLimit(obs)) {
      Map<String, Double> jumpNeeds = notExploring && leads ? jumpNeeds(obs) : Map.of();
      return jumpNeeds.isEmpty() ? argMax(q, ok) : argMax(q, leadingRamps(ok, nextConfigs(obs), jumpNeeds));
    }
    Map<String, Double> peakFloors = leads ? peakFloors(obs) : Map.of();
    Map<String, Double> rampNeeds = leads ? rampNeeds(obs, config.rampUtilisation()) : Map.of();
    boolean trim = (config.steadyTrim() > 0 || config.trimUtilisation() > 0)
        && obs.steadyLoad(DqnConfig.STEADY_TOLERANCE);
    if (rampNeeds.isEmpty() && !trim && peakFloors.isEmpty()) {
      return argMax(q, ok);
    }
    List<Map<String, ScalingConfig>> next = nextConfigs(obs);
    if (!peakFloors.isEmpty()) {
      ok = notLoweredBelow(ok, next, obs.configs(), peakFloors);
    }
    if (!rampNeeds.isEmpty()) {
      ok = leadingRamps(ok, next, rampNeeds);
    }
    int best = argMax(q, ok);
    if (!trim) {
      return best;
    }
    Map<String, Double> tooSmall = tooSmall(obs);
    int start = best;
    if (lowersTo(next.get(best), obs.configs(), tooSmall)) {
      int safe = -1;
      for (int i = 0; i < actions; i++) {
        if ((ok == null || ok[i]) && (safe < 0 || q[i] > q[safe]) && !lowersTo(next.get(i), obs.configs(), tooSmall)) {
          safe = i;
        }
      }
      start = safe < 0 ? best : safe;
    }
    Map<String, Double> missedAt = missedRecently(obs);
    tooSmall.forEach((f, c) -> missedAt.merge(f, c, Math::max));
    double tolerance = config.steadyTrim() * Math.min(MAX_TRIM_GROWTH, 1 + heldSteps(obs) / (double) TRIM_GROWTH_STEPS);
    Map<String, Double> use = config.trimUtilisation() > 0 ? recentUse(obs) : null;
    Map<String, Double> fills = config.trimUtilisation() > 0 ? trimFills(obs, config.trimUtilisation()) : null;
    int chosen = start;
    double fewest = cores(next.get(start), null);
    for (int i = 0; i < actions; i++) {
      boolean nearlyBest = q[i] >= q[start] - tolerance
          || use != null && useFillsAtMost(next.get(i), use, fills);
      if ((ok == null || ok[i]) && nearlyBest) {
        double c = cores(next.get(i), missedAt);
        if (c < fewest) {
          fewest = c;
          chosen = i;
        }
      }
    }
    return chosen;
  }

  /** Each action's configurations after {@code obs}. */
  private List<Map<String, ScalingConfig>> nextConfigs(Observation obs) {
    EnvSpec spec = obs.spec();
    List<Map<String, ScalingConfig>> next = new ArrayList<>(actions);
    for (int i = 0; i < actions; i++) {
      next.add(spec.actions().apply(i, obs.configs(), spec.bounds()));
    }
    return next;
  }

  /**
   * Per function whose last step missed its SLO ({@link #missedOwnLimit}) at an asked rate that jumped
   * to at least {@link DqnConfig#JUMP_RISE} times its peak of the steps before (up to three): the cores
   * that rate needs at {@link DqnConfig#JUMP_UTILISATION}, at the CPU a request took in that step. A
   * limit doubled a step at a time behind a jump misses once per step on the backlog of the one before.
   */
  private static Map<String, Double> jumpNeeds(Observation obs) {
    Map<String, Double> needs = new HashMap<>();
    List<StepResult> memory = obs.recent();
    List<StepResult> before = obs.lastSteps(4).subList(0, Math.min(3, memory.size() - 1));
    if (before.isEmpty()) {
      return needs;
    }
    for (String f : obs.spec().functions()) {
      FunctionMetrics now = obs.last().function(f);
      if (now.completedRps() > 0 && now.askedRps() >= DqnConfig.JUMP_RISE * peakRps(before, f)
          && missedOwnLimit(obs.spec(), memory, memory.size() - 1, now)) {
        needs.put(f, now.askedRps() * (now.cpuUsedCores() / now.completedRps()) / DqnConfig.JUMP_UTILISATION);
      }
    }
    return needs;
  }

  /**
   * Per function whose asked rate peaked in the state's window more than {@link DqnConfig#STEADY_TOLERANCE}
   * above its recent mean: the fewest cores that met its SLO at {@link #PEAK_SHARE} of that peak or more.
   * Between bursts the estimates trim toward what the quiet rate needs, and the next burst then misses.
   */
  private static Map<String, Double> peakFloors(Observation obs) {
    Map<String, Double> floors = new HashMap<>();
    List<StepResult> window = obs.lastSteps(StateEncoders.HISTORY_STEPS);
    for (String f : obs.spec().functions()) {
      double peak = obs.peakRps(f);
      if (!(peak > (1 + DqnConfig.STEADY_TOLERANCE) * obs.meanRps(f))) {
        continue;
      }
      double fewest = Double.POSITIVE_INFINITY;
      for (StepResult r : window) {
        FunctionMetrics m = r.function(f);
        if (m.askedRps() >= PEAK_SHARE * peak && obs.spec().sloMet(m)) {
          fewest = Math.min(fewest, cores(m.config()));
        }
      }
      if (fewest < Double.POSITIVE_INFINITY) {
        floors.put(f, fewest);
      }
    }
    return floors;
  }

  /** What counts as a step at the window's peak rate for {@link #peakFloors}. */
  private static final double PEAK_SHARE = 0.9;

  /** The highest asked rate of {@code f} in {@code steps} (0 if none). */
  private static double peakRps(List<StepResult> steps, String f) {
    double peak = 0;
    for (StepResult r : steps) {
      peak = Math.max(peak, r.function(f).askedRps());
    }
    return peak;
  }

  /**
   * The allowed actions ({@code ok}; null: all) that lower no function below its {@code floors}, or
   * {@code ok} itself if that leaves none.
   */
  private boolean[] notLoweredBelow(boolean[] ok, List<Map<String, ScalingConfig>> next,
      Map<String, ScalingConfig> now, Map<String, Double> floors) {
    boolean[] kept = allowedWhere(ok, i -> !lowersBelow(next.get(i), now, floors));
    return kept != null ? kept : ok;
  }

  /** The allowed actions ({@code ok}; null: all) that pass {@code test}, or null if none does. */
  private boolean[] allowedWhere(boolean[] ok, IntPredicate test) {
    boolean[] kept = new boolean[actions];
    boolean any = false;
    for (int i = 0; i < actions; i++) {
      kept[i] = (ok == null || ok[i]) && test.test(i);
      any |= kept[i];
    }
    return any ? kept : null;
  }

  /**
   * Whether {@code next} lowers some function from its {@code now} cores to fewer than its {@code floors}:
   * a floor met the SLO, so unlike {@link #lowersTo}'s limits it may be reached.
   */
  private static boolean lowersBelow(Map<String, ScalingConfig> next, Map<String, ScalingConfig> now,
      Map<String, Double> floors) {
    for (Map.Entry<String, Double> e : floors.entrySet()) {
      double c = cores(next.get(e.getKey()));
      if (c < cores(now.get(e.getKey())) && c < e.getValue()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The allowed actions ({@code ok}; null: all) whose {@code next} configurations leave every function
   * at least the cores it {@code needs} ({@link #rampNeeds}), or if none does, the allowed one with the
   * most cores.
   */
  private boolean[] leadingRamps(boolean[] ok, List<Map<String, ScalingConfig>> next, Map<String, Double> needs) {
    boolean[] leading = allowedWhere(ok, i -> !leavesBelow(next.get(i), needs));
    if (leading != null) {
      return leading;
    }
    int most = -1;
    for (int i = 0; i < actions; i++) {
      if ((ok == null || ok[i]) && (most < 0 || cores(next.get(i), null) > cores(next.get(most), null))) {
        most = i;
      }
    }
    boolean[] only = new boolean[actions];
    if (most >= 0) {
      only[most] = true;
    }
    return only;
  }

  /**
   * Per function on a ramp, the cores its last step's CPU use needs at {@code utilisation} once grown
   * by that step's rise in rate; functions not on a ramp are left out.
   */
  private static Map<String, Double> rampNeeds(Observation obs, double utilisation) {
    Map<String, Double> needed = new HashMap<>();
    List<StepResult> last = obs.lastSteps(3);
    if (last.size() < 3) {
      return needed;
    }
    for (String f : obs.spec().functions()) {
      double r1 = last.get(0).function(f).askedRps(), r2 = last.get(1).function(f).askedRps();
      FunctionMetrics now = last.get(2).function(f);
      double r3 = now.askedRps();
      if (roseTwice(last, f) && r3 >= (1 + DqnConfig.RAMP_RISE) * r1 && r3 < DqnConfig.RAMP_JUMP * r1) {
        needed.put(f, now.cpuUsedCores() * (r3 / r2) / utilisation);
      }
    }
    return needed;
  }

  /**
   * Per function, the most CPU it used in the last three steps; infinite where its asked rate rose in
   * each of them, since the use of lower rates understates the next step's.
   */
  private static Map<String, Double> recentUse(Observation obs) {
    Map<String, Double> use = new HashMap<>();
    List<StepResult> last = obs.lastSteps(3);
    for (String f : obs.spec().functions()) {
      double most = 0;
      for (StepResult r : last) {
        most = Math.max(most, r.function(f).cpuUsedCores());
      }
      use.put(f, roseTwice(last, f) ? Double.POSITIVE_INFINITY : most);
    }
    return use;
  }

  /** Per function, the fill a trim may leave: {@code utilisation}, or more ({@link DqnConfig#PERIOD_SPREAD}). */
  private static Map<String, Double> trimFills(Observation obs, double utilisation) {
    Map<String, Double> fills = new HashMap<>();
    for (String f : obs.spec().functions()) {
      fills.put(f, Math.max(utilisation, periodFill(obs.meanRps(f) / obs.configs().get(f).replicas())));
    }
    return fills;
  }

  /**
   * The fill a replica serving {@code rpsPerReplica} can run at: 1 / (1 + {@link DqnConfig#PERIOD_SPREAD} /
   * sqrt(n)) with n requests per CFS period, since the fewer requests a period holds, the more their
   * demand varies from one period to the next (0 at no load).
   */
  static double periodFill(double rpsPerReplica) {
    double perPeriod = rpsPerReplica * (ScalingConfig.CFS_PERIOD_MICROS / 1e6);
    return perPeriod > 0 ? 1 / (1 + DqnConfig.PERIOD_SPREAD / Math.sqrt(perPeriod)) : 0;
  }

  /** Whether {@code f}'s asked rate rose from each of the {@code last} three steps to the next. */
  private static boolean roseTwice(List<StepResult> last, String f) {
    return last.size() == 3 && last.get(0).function(f).askedRps() < last.get(1).function(f).askedRps()
        && last.get(1).function(f).askedRps() < last.get(2).function(f).askedRps();
  }

  /** Whether {@code next} gives each function enough cores that its {@code use} fills at most its {@code fills}. */
  private static boolean useFillsAtMost(Map<String, ScalingConfig> next, Map<String, Double> use,
      Map<String, Double> fills) {
    for (Map.Entry<String, Double> e : use.entrySet()) {
      if (e.getValue() > fills.get(e.getKey()) * cores(next.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code next} leaves some function fewer cores than it {@code needs}. */
  private static boolean leavesBelow(Map<String, ScalingConfig> next, Map<String, Double> needs) {
    for (Map.Entry<String, Double> e : needs.entrySet()) {
      if (cores(next.get(e.getKey())) < e.getValue()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A limit that has held with the SLO met for this many steps earns one more {@link DqnConfig#steadyTrim}
   * of tolerance, up to {@link #MAX_TRIM_GROWTH} in all: a trim is safest where nothing has missed for longest.
   */
  private static final int TRIM_GROWTH_STEPS = 18;
  private static final double MAX_TRIM_GROWTH = 3;

  /** How many of the last remembered steps ran the current configuration and met the SLO. */
  private static int heldSteps(Observation obs) {
    List<StepResult> memory = obs.recent();
    int n = 0;
    for (int i = memory.size() - 1; i >= 0 && ranNowAndMet(memory.get(i), obs); i--) {
      n++;
    }
    return n;
  }

  private static boolean ranNowAndMet(StepResult r, Observation obs) {
    if (!obs.spec().sloMet(r)) {
      return false;
    }
    for (String f : obs.spec().functions()) {
      if (!r.function(f).config().equals(obs.configs().get(f))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Per function, the most cores it had in a step of the state's window that missed its SLO
   * ({@link #missedOwnLimit}; 0 if none).
   */
  private static Map<String, Double> missedRecently(Observation obs) {
    Map<String, Double> most = new HashMap<>();
    List<StepResult> memory = obs.recent();
    for (String f : obs.spec().functions()) {
      double m = 0;
      for (int i = Math.max(0, memory.size() - StateEncoders.HISTORY_STEPS); i < memory.size(); i++) {
        FunctionMetrics r = memory.get(i).function(f);
        if (missedOwnLimit(obs.spec(), memory, i, r)) {
          m = Math.max(m, cores(r.config()));
        }
      }
      most.put(f, m);
    }
    return most;
  }

  /** Whether some function's last step missed its SLO in a way that judges its limit ({@link #missedOwnLimit}). */
  private static boolean missedOwnLimit(Observation obs) {
    List<StepResult> memory = obs.recent();
    for (String f : obs.spec().functions()) {
      if (missedOwnLimit(obs.spec(), memory, memory.size() - 1, obs.last().function(f))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code r}, a function's result in step {@code i} of {@code memory}, missed its SLO, unless
   * it was the episode's first action and missed mildly while rolling out of the reset configuration:
   * that limit was the environment's, and its backlog says nothing of the limit rolled out.
   */
  private static boolean missedOwnLimit(EnvSpec spec, List<StepResult> memory, int i, FunctionMetrics r) {
    // a memory shorter than the most it keeps holds the whole episode: the reset step, then the first action's
    boolean firstAction = i == 1 && memory.size() < Observation.MEMORY_STEPS;
    return !spec.sloMet(r) && !(firstAction && ActionSpace.rollOutExplains(r));
  }

  /**
   * How far above a limit that missed {@link #tooSmall} reaches: the percent actions land on new
   * limits, and one a few percent above a miss misses about as often.
   */
  private static final double MISS_MARGIN = 0.05;

  /**
   * Per function, {@link #MISS_MARGIN} above the most cores it had in a remembered step
   * ({@link Observation#recent}) at a rate no higher than now that either missed its SLO with no more
   * cores than the step before (a trim or a hold, not the backlog of a recovery), or was a trim that
   * the limit's next change raised again, after any number of holds (the estimates' own verdict, unless a miss
   * at or above the trimmed limit in the state's window before the trim floored the limit and forced
   * the raise): limits not worth trying again (0 if none).
   */
  private static Map<String, Double> tooSmall(Observation obs) {
    Map<String, Double> most = new HashMap<>();
    List<StepResult> memory = obs.recent();
    for (String f : obs.spec().functions()) {
      double m = 0;
      double rateNow = (1 + DqnConfig.STEADY_TOLERANCE) * obs.meanRps(f);
      for (int i = 1; i < memory.size(); i++) {
        FunctionMetrics r = memory.get(i).function(f);
        double c = cores(r.config());
        double before = cores(memory.get(i - 1).function(f).config());
        boolean undone = c < before && raisedNext(memory, i, f, c) && !flooredBefore(memory, i, f, c, obs.spec());
        if ((!obs.spec().sloMet(r) && c <= before || undone) && r.askedRps() <= rateNow) {
          m = Math.max(m, c * (1 + MISS_MARGIN));
        }
      }
      most.put(f, m);
    }
    return most;
  }

  /**
   * Whether {@code f}'s limit {@code c} of step {@code i} was next changed by a raise, however many
   * steps it held first: a trim undone after a few quiet steps oscillates as surely as one undone at once.
   */
  private static boolean raisedNext(List<StepResult> memory, int i, String f, double c) {
    for (int j = i + 1; j < memory.size(); j++) {
      double next = cores(memory.get(j).function(f).config());
      if (next != c) {
        return next > c;
      }
    }
    return false;
  }

  /**
   * Whether {@code f} missed its SLO ({@link #missedOwnLimit}) with at least {@code c} cores in one of
   * the state window's steps before {@code i}: that miss floored the limit above {@code c}, so the mask,
   * not the estimates, raised a trim to {@code c}.
   */
  private static boolean flooredBefore(List<StepResult> memory, int i, String f, double c, EnvSpec spec) {
    for (int j = Math.max(0, i - StateEncoders.HISTORY_STEPS); j < i; j++) {
      FunctionMetrics r = memory.get(j).function(f);
      if (cores(r.config()) >= c && missedOwnLimit(spec, memory, j, r)) {
        return true;
      }
    }
    return false;
  }

  /** Total cores of {@code configs}; infinite if a function gets no more than its {@code floor} (may be null). */
  private static double cores(Map<String, ScalingConfig> configs, Map<String, Double> floor) {
    double sum = 0;
    for (Map.Entry<String, ScalingConfig> e : configs.entrySet()) {
      double c = cores(e.getValue());
      if (floor != null && c <= floor.getOrDefault(e.getKey(), 0.0)) {
        return Double.POSITIVE_INFINITY;
      }
      sum += c;
    }
    return sum;
  }

  /** Whether {@code next} lowers some function's cores to no more than its {@code floor}. */
  private static boolean lowersTo(Map<String, ScalingConfig> next, Map<String, ScalingConfig> now,
      Map<String, Double> floor) {
    for (Map.Entry<String, ScalingConfig> e : next.entrySet()) {
      double c = cores(e.getValue());
      if (c < cores(now.get(e.getKey())) && c <= floor.getOrDefault(e.getKey(), 0.0)) {
        return true;
      }
    }
    return false;
  }

  private static double cores(ScalingConfig c) {
    return c.cpuCores() * c.replicas();
  }
}
