package faasrl.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.env.ActionSpace;
import faasrl.env.Bounds;
import faasrl.env.EnvSpec;
import faasrl.env.Fixtures;
import faasrl.env.Observation;
import faasrl.env.StateEncoders;
import faasrl.env.Transition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DqnAgentTest {

  /**
   * A contextual bandit where the right action depends on the state: the state is a one-hot
   * context; action i pays 1 in context i and 0 otherwise. A learner must map each context to its
   * action.
   */
  @Test void learnsContextDependentActions() {
    DqnAgent agent = banditLearner(false);
    learnsTheBandit(agent);
    assertThat(agent.updates()).isEqualTo(600 - 15);
  }

  /**
   * The same bandit with a dueling head: it learns the same mapping, and the head's fixed map from
   * [V, A] to Q (the last parameters of the network) comes out of training and a checkpoint unchanged.
   */
  @Test void duelingHeadLearnsAndKeepsItsFixedMap(@TempDir Path dir) throws Exception {
    DqnAgent agent = banditLearner(true);
    learnsTheBandit(agent);
    float[][] m = DqnAgent.duelingMap(3);
    double[] map = new double[4 * 3];   // DL4J keeps a layer's weights column by column
    for (int i = 0; i < map.length; i++) {
      map[i] = m[i % 4][i / 4];
    }
    double[] p = agent.parameters();
    assertThat(java.util.Arrays.copyOfRange(p, p.length - map.length, p.length)).containsExactly(map);
    agent.save(dir);
    assertThat(DqnAgent.restore(dir).qValues(oneHot(1))).containsExactly(agent.qValues(oneHot(1)));
    assertThatThrownBy(() -> DqnAgent.builder().dueling(true).weightDecay(0.01).config())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight decay 0");
  }

  private static DqnAgent banditLearner(boolean dueling) {
    return DqnAgent.builder().hidden(16, 16).dueling(dueling).gamma(0.0).batchSize(16).learningStarts(16)
        .updatesPerStep(1).seed(3).build(3, 3);
  }

  /** 600 random pulls of the bandit, then the greedy action and its value in each context. */
  private static void learnsTheBandit(DqnAgent agent) {
    Random rng = new Random(5);
    for (int t = 0; t < 600; t++) {
      int ctx = rng.nextInt(3);
      int a = rng.nextInt(3);
      agent.learn(new Transition(oneHot(ctx), a, a == ctx ? 1 : 0, oneHot(rng.nextInt(3)), true));
    }
    for (int ctx = 0; ctx < 3; ctx++) {
      assertThat(agent.greedy(oneHot(ctx))).as("context %d", ctx).isEqualTo(ctx);
      assertThat(agent.qValues(oneHot(ctx))[ctx]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.25));
    }
  }

  /** A masked agent never lowers the limit right after a missed SLO, exploring or greedy; an unmasked one does. */
  @Test void maskedAgentNeverScalesDownAfterAMiss() {
    EnvSpec spec = oneFunction();
    Observation missed = Fixtures.observe(stepOfF(100, 9000, 100), spec, 10);
    DqnAgent masked = DqnAgent.builder().masked(true).epsilon(Epsilon.linear(1, 1, 1)).seed(4).build(8, 5);
    DqnAgent plain = DqnAgent.builder().epsilon(Epsilon.linear(1, 1, 1)).seed(4).build(8, 5);
    boolean plainLowered = false;
    for (int i = 0; i < 200; i++) {
      assertThat(masked.act(missed, true).configs().get("f").cpuMillicores()).isGreaterThanOrEqualTo(100);
      plainLowered |= plain.act(missed, true).configs().get("f").cpuMillicores() < 100;
    }
    assertThat(plainLowered).isTrue();
    assertThat(masked.act(missed, false).configs().get("f").cpuMillicores()).isGreaterThanOrEqualTo(100);
  }

  /**
   * With a steady-trim tolerance larger than any Q-gap, the greedy choice on a steady load after a
   * met SLO is the allowed action with the fewest cores above any limit that missed in the recent
   * steps; after a load change, or after a miss, it is the plain greedy choice.
   */
  @Test void steadyTrimTakesTheCheapestNearlyBestActionOnlyOnASteadyLoad() {
    EnvSpec spec = oneFunction();
    StepResult at300 = stepOfF(100, 1000, 3000);
    StepResult at150 = stepOfF(100, 1000, 1500);
    StepResult missed = stepOfF(100, 9000, 3000);
    Observation steady = withRecent(spec, at300, at300, at300);
    Observation rising = withRecent(spec, at150, at150, at150, at300);
    Observation afterMiss = withRecent(spec, at300, at300, missed);
    assertThat(steady.steadyLoad(0.05)).isTrue();
    assertThat(rising.steadyLoad(0.05)).isFalse();

    DqnAgent trimming = DqnAgent.builder().masked(true).steadyTrim(1e9).seed(4).build(8, 5);
    DqnAgent plain = DqnAgent.builder().masked(true).seed(4).build(8, 5);
    assertThat(trimming.act(steady, false).configs().get("f").cpuMillicores()).isEqualTo(75);
    StepResult missedAt75 = stepOfF(75, 9000, 3000);
    Observation steadySinceAMissAt75 = withRecent(spec, missedAt75, at300, at300, at300);
    assertThat(trimming.act(steadySinceAMissAt75, false).configs().get("f").cpuMillicores()).isEqualTo(90);
    for (Observation o : new Observation[] {rising, afterMiss}) {
      assertThat(trimming.act(o, false).index()).isEqualTo(plain.act(o, false).index());
    }
    assertThatThrownBy(() -> DqnAgent.builder().steadyTrim(-1).config())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steady trim must be >= 0");
  }

  /**
   * Beyond the state's window the trim still remembers a limit that missed after a trim or a hold
   * at no more than today's rate, or a trim that the limit's next change undid, however long it held first (unless
   * a miss at or above it just before the trim forced that), and never goes back down to it; it forgets
   * misses at a higher rate and misses while recovering.
   */
  @Test void steadyTrimRemembersATrimThatMissedLongAgoAtThisRate() {
    EnvSpec spec = oneFunction();
    StepResult at300 = stepOfF(100, 1000, 3000);
    StepResult trimMissed = stepOfF(90, 9000, 3000);
    StepResult trimMissedAt400 = stepOfF(90, 9000, 4000);
    StepResult raisedMissed = stepOfF(90, 9000, 3000);
    StepResult at75 = stepOfF(75, 9000, 3000);
    DqnAgent trimming = DqnAgent.builder().masked(true).steadyTrim(1e9).seed(4).build(8, 5);

    assertThat(trimming.act(steadyAfter(spec, at300, at300, trimMissed), false).configs().get("f").cpuMillicores())
        .as("a trim to 90m missed 19 steps ago: hold 100m").isEqualTo(100);
    StepResult trimMet = stepOfF(90, 1000, 3000);
    assertThat(trimming.act(steadyAfter(spec, at300, at300, trimMet), false).configs().get("f").cpuMillicores())
        .as("a trim to 90m met, but the next step raised it back: hold 100m").isEqualTo(100);
    StepResult missedAt100 = stepOfF(100, 9000, 3000);
    assertThat(trimming.act(steadyAfter(spec, at300, missedAt100, at300, trimMet), false).configs().get("f").cpuMillicores())
        .as("the same, but a miss two steps before the trim floored the limit and forced the raise").isEqualTo(75);
    assertThat(trimming.act(steadyAfter(spec, at300, at300, trimMet, trimMet), false).configs().get("f").cpuMillicores())
        .as("a trim to 90m met, held a step, then raised back: hold 100m").isEqualTo(100);
    StepResult missedAt75Before = stepOfF(75, 9000, 3000);
    assertThat(trimming.act(steadyAfter(spec, at300, at300, missedAt75Before, at300, trimMet), false)
        .configs().get("f").cpuMillicores())
        .as("a miss before the trim, but below 90m: it floored nothing the raise had to honour").isEqualTo(100);
    assertThat(trimming.act(steadyAfter(spec, at300, at300, trimMet, trimMet, trimMet, trimMet), false)
        .configs().get("f").cpuMillicores())
        .as("a trim to 90m met, held three steps, then raised back: hold 100m").isEqualTo(100);
    StepResult trimMetAt80 = stepOfF(80, 1000, 3000);
    assertThat(trimming.act(steadyAfter(spec, at300, at300, trimMet, trimMet, trimMetAt80), false)
        .configs().get("f").cpuMillicores())
        .as("a trim to 90m that held, then went on down to 80m: only 80m was undone").isEqualTo(90);
    assertThat(trimming.act(steadyAfter(spec, at300, at300, trimMissedAt400), false).configs().get("f").cpuMillicores())
        .as("90m missed at 400 RPS, now 300").isEqualTo(75);
    assertThat(trimming.act(steadyAfter(spec, at300, at75, raisedMissed), false).configs().get("f").cpuMillicores())
        .as("90m missed while recovering from 75m").isEqualTo(75);

    // However small the tolerance, a greedy choice at or below the remembered miss gives way to the best above it
    Observation remembers = steadyAfter(spec, at300, at300, trimMissed);
    int seed = firstSeedWhose(a -> a.act(remembers, false).configs().get("f").cpuMillicores() <= 90,
        "an untrained agent whose greedy choice is at most 90m");
    DqnAgent barelyTrimming = DqnAgent.builder().masked(true).steadyTrim(1e-9).seed(seed).build(8, 5);
    assertThat(barelyTrimming.act(remembers, false).configs().get("f").cpuMillicores()).isGreaterThan(90);
  }

  /**
   * The longer the current limit has held with the SLO met, the bolder the trim: one more tolerance
   * per 18 such steps, up to three. A Q-gap to the cheaper actions of twice the tolerance stops a trim
   * right after a change and not after 36 steps of holding.
   */
  @Test void steadyTrimGrowsBolderTheLongerALimitHolds() {
    EnvSpec spec = oneFunction();
    StepResult held = stepOfF(100, 1000, 3000);
    Observation longHeld = steadyAfter(spec, held, Collections.nCopies(18, held).toArray(StepResult[]::new));
    List<StepResult> changed = new ArrayList<>(Collections.nCopies(35, stepOfF(110, 1000, 3000)));
    changed.add(held);
    Observation justChanged = withRecent(spec, changed.toArray(StepResult[]::new));
    assertThat(justChanged.state()).isEqualTo(longHeld.state());

    for (int seed = 0; seed < 20; seed++) {
      DqnAgent probe = DqnAgent.builder().masked(true).seed(seed).build(8, 5);
      double[] q = probe.qValues(longHeld.state());
      int best = probe.greedy(longHeld.state());
      if (best < 2) {
        continue; // the best already lowers the limit: nothing to trim toward
      }
      double gap = q[best] - Math.max(q[0], q[1]);
      DqnAgent trimming = DqnAgent.builder().masked(true).steadyTrim(gap / 2).seed(seed).build(8, 5);
      assertThat(trimming.act(justChanged, false).configs().get("f").cpuMillicores()).isGreaterThanOrEqualTo(100);
      assertThat(trimming.act(longHeld, false).configs().get("f").cpuMillicores()).isLessThan(100);
      return;
    }
    throw new AssertionError("no untrained agent among 20 seeds whose best action keeps or raises the limit");
  }

  /**
   * On a ramp the greedy choice leaves the use projected one step ahead at most 80% of the limit:
   * 90m used at 121 RPS after 100 and 110 projects 99m, so nothing under 124m (of 75, 90, 100, 110
   * and 200m, only 200m); 70m used projects 77m, so nothing under 96m. A flat load leaves the plain
   * greedy choice; on a burst (the rate more than doubled in two steps) no ramp rule applies, but the
   * peak's floor keeps the 100m that met it.
   */
  @Test void rampUtilisationLeadsARisingLoad() {
    EnvSpec spec = oneFunction();
    Observation steep = withRecent(spec, usedStep(1000, 90), usedStep(1100, 90), usedStep(1210, 90));
    Observation gentle = withRecent(spec, usedStep(1000, 70), usedStep(1100, 70), usedStep(1210, 70));
    int seed = firstSeedWhose(a -> a.act(steep, false).configs().get("f").cpuMillicores() < 100,
        "an untrained agent whose greedy choice on the ramp lowers the limit");
    DqnAgent plain = DqnAgent.builder().masked(true).seed(seed).build(8, 5);
    DqnAgent leading = DqnAgent.builder().masked(true).rampUtilisation(0.8).seed(seed).build(8, 5);
    assertThat(leading.act(steep, false).configs().get("f").cpuMillicores()).isEqualTo(200);
    assertThat(leading.act(gentle, false).configs().get("f").cpuMillicores()).isGreaterThanOrEqualTo(100);

    Observation burst = withRecent(spec, usedStep(1000, 90), usedStep(1500, 90), usedStep(2500, 90));
    Observation flat = withRecent(spec, usedStep(1000, 90), usedStep(1000, 90), usedStep(1000, 90));
    assertThat(leading.act(flat, false).index()).isEqualTo(plain.act(flat, false).index());
    assertThat(plain.act(burst, false).configs().get("f").cpuMillicores()).isLessThan(100);
    assertThat(leading.act(burst, false).configs().get("f").cpuMillicores()).as("no lower than met the burst's peak")
        .isEqualTo(100);
    assertThatThrownBy(() -> DqnAgent.builder().rampUtilisation(1.5).config())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ramp utilisation must be in [0, 1]");
  }

  /**
   * After a miss at a rate that jumped to 2.5 times its peak of the steps before, the raise leaves that
   * rate's demand at most 90% of the limit: 100m used to complete 150 of the 250 RPS asked makes 167m
   * for 250 RPS, so 185m, and of 110 and 200m only 200m; the same miss at a rate that did not jump
   * leaves the plain greedy choice.
   */
  @Test void jumpRaisesToTheDemandOfTheNewRate() {
    EnvSpec spec = oneFunction();
    StepResult quiet = usedStep(1000, 40);
    StepResult jumped = missedAt(2500, 1500);
    Observation jump = withRecent(spec, quiet, quiet, quiet, jumped);
    int seed = firstSeedWhose(a -> a.act(jump, false).configs().get("f").cpuMillicores() == 110,
        "an untrained agent whose greedy choice after the jump's miss is the smallest raise");
    DqnAgent plain = DqnAgent.builder().masked(true).seed(seed).build(8, 5);
    DqnAgent leading = DqnAgent.builder().masked(true).rampUtilisation(0.8).seed(seed).build(8, 5);
    assertThat(leading.act(jump, false).configs().get("f").cpuMillicores()).isEqualTo(200);
    assertThat(leading.exploit(jump).configs().get("f").cpuMillicores()).as("training's choice, estimates alone")
        .isEqualTo(110);
    Observation steadyMiss = withRecent(spec, missedAt(2500, 2000), missedAt(2500, 2000), missedAt(2500, 2000), jumped);
    assertThat(leading.act(steadyMiss, false).index()).isEqualTo(plain.act(steadyMiss, false).index());
  }

  /**
   * While the state's window holds a peak rate well above the recent mean, the greedy choice lowers no
   * limit below the fewest cores that met the SLO at that peak: 200m met at 300 RPS, so at 100 RPS now
   * nothing under 200m; once the window holds no such peak, the plain greedy choice.
   */
  @Test void betweenBurstsNoTrimBelowWhatRodeOutThePeak() {
    EnvSpec spec = oneFunction();
    StepResult peak = stepOfF(200, 1000, 3000, 150);
    StepResult quiet = stepOfF(200, 1000, 1000, 50);
    Observation between = withRecent(spec, peak, peak, quiet, quiet, quiet);
    int seed = firstSeedWhose(a -> a.act(between, false).configs().get("f").cpuMillicores() < 200,
        "an untrained agent whose greedy choice between bursts lowers the limit");
    DqnAgent plain = DqnAgent.builder().masked(true).seed(seed).build(8, 5);
    DqnAgent leading = DqnAgent.builder().masked(true).rampUtilisation(0.8).seed(seed).build(8, 5);
    assertThat(leading.act(between, false).configs().get("f").cpuMillicores()).isGreaterThanOrEqualTo(200);
    Observation longAfter = steadyAfter(spec, quiet, peak, peak);
    assertThat(leading.act(longAfter, false).index()).isEqualTo(plain.act(longAfter, false).index());
  }

  /** A step of f at 100m that missed its SLO, asked {@code issued} in 10 s, completed {@code completed} and used 100m. */
  private static StepResult missedAt(long issued, long completed) {
    return Fixtures.step(0, 0.3, Fixtures.metrics("f", ScalingConfig.defaults().cpuMillicores(100), 9000, issued,
        completed).cpuUsedCores(0.1).build());
  }

  /**
   * On a steady load the greedy choice may also come down to any limit the last three steps' use fills
   * to at most the trim utilisation: 60m used of 100m allows 90m at 0.75 (75m would be 80% full) and
   * 75m at 0.85, and at 0.75 too where a CFS period holds so many requests that their demand varies
   * little. A trim to 90m that missed at this rate keeps it at 100m; a load that is not steady, or one
   * steady but rising in each of the last two steps, leaves the plain greedy choice.
   */
  @Test void trimUtilisationComesDownToALimitTheLoadFills() {
    EnvSpec spec = oneFunction();
    StepResult held = usedStep(3000, 60);
    Observation steady = steadyAfter(spec, held);
    int seed = firstSeedWhose(a -> a.act(steady, false).configs().get("f").cpuMillicores() >= 100,
        "an untrained agent whose greedy choice on a steady load keeps or raises the limit");
    DqnAgent plain = DqnAgent.builder().masked(true).seed(seed).build(8, 5);
    DqnAgent filling = DqnAgent.builder().masked(true).trimUtilisation(0.75).seed(seed).build(8, 5);
    DqnAgent fuller = DqnAgent.builder().masked(true).trimUtilisation(0.85).seed(seed).build(8, 5);
    assertThat(filling.act(steady, false).configs().get("f").cpuMillicores()).isEqualTo(90);
    assertThat(fuller.act(steady, false).configs().get("f").cpuMillicores()).isEqualTo(75);
    // 100 requests per CFS period vary less: the fill may reach 1 / (1 + 1.4 / 10) = 0.88, and 75m is 80% full
    assertThat(filling.act(steadyAfter(spec, usedStep(10_000, 60)), false).configs().get("f").cpuMillicores())
        .as("60m used at 1000 RPS").isEqualTo(75);
    assertThat(filling.act(steadyAfter(spec, usedStep(900, 60)), false).configs().get("f").cpuMillicores())
        .as("60m used at 90 RPS: 9 requests a period, no further than 0.75").isEqualTo(90);

    Observation trimMissed = steadyAfter(spec, held, held, stepOfF(90, 9000, 3000, 60), held);
    assertThat(filling.act(trimMissed, false).configs().get("f").cpuMillicores()).isGreaterThanOrEqualTo(100);
    Observation rising = withRecent(spec, usedStep(2000, 60), usedStep(2500, 60), usedStep(3000, 60));
    Observation creeping = withRecent(spec, usedStep(2900, 60), usedStep(2950, 60), usedStep(3000, 60));
    assertThat(creeping.steadyLoad(DqnConfig.STEADY_TOLERANCE)).isTrue();
    for (Observation o : new Observation[] {rising, creeping}) {
      assertThat(filling.act(o, false).index()).isEqualTo(plain.act(o, false).index());
    }
    assertThatThrownBy(() -> DqnAgent.builder().trimUtilisation(-0.1).config())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trim utilisation must be in [0, 1]");
  }

  /**
   * The first action's roll-out out of the reset limit inherits the reset step's backlog: a mild miss
   * there sets no floor for the trims, while a miss of the limit itself or a deep one does.
   */
  @Test void trimIgnoresTheBacklogOfRollingOutOfTheReset() {
    EnvSpec spec = oneFunction();
    StepResult reset = stepOfF(100, 9000, 3000, 100);
    StepResult held = stepOfF(150, 1000, 3000, 60);
    Observation rolledOut = episode(spec, reset, rollOut(150, 3000), held);
    Observation missedItself = episode(spec, reset, stepOfF(150, 9000, 3000, 60), held);
    Observation deep = episode(spec, reset, rollOut(150, 1000), held);
    int seed = firstSeedWhose(a -> a.act(rolledOut, false).configs().get("f").cpuMillicores() >= 150
        && a.act(missedItself, false).configs().get("f").cpuMillicores() >= 150
        && a.act(deep, false).configs().get("f").cpuMillicores() >= 150,
        "an untrained agent whose greedy choice after the first roll-out keeps or raises the limit");
    DqnAgent filling = DqnAgent.builder().masked(true).trimUtilisation(0.75).seed(seed).build(8, 5);
    assertThat(filling.act(rolledOut, false).configs().get("f").cpuMillicores()).isEqualTo(113);
    assertThat(filling.act(missedItself, false).configs().get("f").cpuMillicores()).isGreaterThanOrEqualTo(150);
    assertThat(filling.act(deep, false).configs().get("f").cpuMillicores()).isGreaterThanOrEqualTo(150);
  }

  /**
   * Nor does that mild miss call for growth: the steady-load rules choose, and its use fills the limit
   * rolled out to at most 75%, so an agent whose estimates would raise that limit keeps it (the mask
   * lowers nothing after a miss), while a miss of the limit itself or a deep one takes the best estimate,
   * as training's {@link DqnAgent#exploit} always does.
   */
  @Test void noGrowthForTheBacklogOfRollingOutOfTheReset() {
    EnvSpec spec = oneFunction();
    StepResult reset = stepOfF(100, 9000, 3000, 100);
    Observation rolledOut = withRecent(spec, reset, rollOut(150, 3000));
    Observation missedItself = withRecent(spec, reset, stepOfF(150, 9000, 3000, 100));
    Observation deep = withRecent(spec, reset, rollOut(150, 1000));
    int seed = firstSeedWhose(a -> a.act(rolledOut, false).configs().get("f").cpuMillicores() > 150
        && a.act(missedItself, false).configs().get("f").cpuMillicores() > 150
        && a.act(deep, false).configs().get("f").cpuMillicores() > 150,
        "an untrained agent whose greedy choice after the first roll-out raises the limit");
    DqnAgent filling = DqnAgent.builder().masked(true).trimUtilisation(0.75).seed(seed).build(8, 5);
    assertThat(filling.act(rolledOut, false).configs().get("f").cpuMillicores()).isEqualTo(150);
    assertThat(filling.exploit(rolledOut).configs().get("f").cpuMillicores()).as("training's choice, estimates alone")
        .isGreaterThan(150);
    assertThat(filling.act(missedItself, false).configs().get("f").cpuMillicores()).isGreaterThan(150);
    assertThat(filling.act(deep, false).configs().get("f").cpuMillicores()).isGreaterThan(150);
  }

  /** A step of f rolling out to {@code millicores} (250m still allocated) that missed its SLO, completing {@code completed} of 3000. */
  private static StepResult rollOut(int millicores, long completed) {
    return Fixtures.step(0, 0.3, Fixtures.metrics("f", ScalingConfig.defaults().cpuMillicores(millicores), 9000,
        3000, completed).cpuLimitCores(0.25).cpuUsedCores(0.1).build());
  }

  /** A whole episode's memory: the reset step, the first action's step, then four steps of {@code held}. */
  private static Observation episode(EnvSpec spec, StepResult reset, StepResult first, StepResult held) {
    return withRecent(spec, reset, first, held, held, held, held);
  }

  /** The first seed below 200 whose untrained masked agent for {@link #oneFunction} does {@code what}. */
  private static int firstSeedWhose(Predicate<DqnAgent> does, String what) {
    for (int seed = 0; seed < 200; seed++) {
      if (does.test(DqnAgent.builder().masked(true).seed(seed).build(8, 5))) {
        return seed;
      }
    }
    throw new AssertionError("no seed below 200 gives " + what);
  }

  /** A step of f at 100m that met its SLO, asked {@code requests} in 10 s and used {@code usedMillicores}. */
  private static StepResult usedStep(long requests, int usedMillicores) {
    return stepOfF(100, 1000, requests, usedMillicores);
  }

  /** One function, f, with a 5 ms SLO and 10-s steps, whose actions scale its CPU by -25, -10, 0, +10 and +100%. */
  static EnvSpec oneFunction() {
    return new EnvSpec(List.of("f"), Map.of("f", 5000.0), 10, Bounds.of(20, 1000, 1, 3),
        ActionSpace.cpuPercent(List.of("f"), -25, -10, 0, 10, 100), 8, 0.01);
  }

  /** A step of f at {@code millicores} with this p90, asked and completed {@code requests}. */
  static StepResult stepOfF(int millicores, long p90Us, long requests) {
    return stepOfF(millicores, p90Us, requests, 0);
  }

  /** As {@link #stepOfF(int, long, long)}, having used {@code usedMillicores} of CPU. */
  private static StepResult stepOfF(int millicores, long p90Us, long requests, int usedMillicores) {
    return Fixtures.step(0, 0.3, Fixtures.metrics("f", ScalingConfig.defaults().cpuMillicores(millicores), p90Us,
        requests, requests).cpuUsedCores(usedMillicores / 1000.0).build());
  }

  /** {@code before}, then 18 steady steps of {@code now}: the state's window no longer holds {@code before}. */
  private static Observation steadyAfter(EnvSpec spec, StepResult now, StepResult... before) {
    List<StepResult> steps = new ArrayList<>(List.of(before));
    steps.addAll(Collections.nCopies(StateEncoders.HISTORY_STEPS, now));
    return withRecent(spec, steps.toArray(StepResult[]::new));
  }

  static Observation withRecent(EnvSpec spec, StepResult... steps) {
    StepResult last = steps[steps.length - 1];
    Observation o = Fixtures.observe(last, spec, 10);
    return new Observation(o.state(), last, o.configs(), spec, 10, List.of(steps));
  }

  /** The same seed gives the same network, seed 0 too (ND4J does not reproduce a seed of 0 by itself). */
  @Test void sameSeedSameNetwork() {
    double[] state = {0, 0, 0.05, 1, 0.1, 0.3, 0.3, 0};
    for (long seed : new long[] {0, 7}) {
      double[] first = DqnAgent.builder().seed(seed).build(8, 5).qValues(state);
      assertThat(DqnAgent.builder().seed(seed).build(8, 5).qValues(state)).as("seed %d", seed).isEqualTo(first);
    }
    assertThat(DqnAgent.builder().seed(1).build(8, 5).qValues(state))
        .isNotEqualTo(DqnAgent.builder().seed(0).build(8, 5).qValues(state));
  }

  /** Bootstrapping: a two-state chain where the reward only comes one step later must be discounted. */
  @Test void propagatesValueThroughTheDiscount() {
    DqnAgent agent = DqnAgent.builder().hidden(16).gamma(0.5).batchSize(8).learningStarts(8).updatesPerStep(4)
        .hardTarget(20).seed(4).build(2, 2);
    Random rng = new Random(6);
    double[] s0 = {1, 0}, s1 = {0, 1};
    for (int t = 0; t < 500; t++) {
      if (rng.nextBoolean()) {
        agent.learn(new Transition(s0, rng.nextInt(2), 0, s1, false));   // s0 always leads to s1, no reward
      } else {
        int a = rng.nextInt(2);
        agent.learn(new Transition(s1, a, a == 1 ? 1 : 0, s0, true));   // in s1 action 1 pays 1, then ends
      }
    }
    assertThat(agent.qValues(s1)[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.2));
    assertThat(agent.qValues(s0)[0]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.2));
  }

  @Test void softTargetTracksTheOnlineNetwork() {
    DqnAgent agent = DqnAgent.builder().hidden(8).softTarget(0.5).batchSize(4).learningStarts(4).seed(1).build(2, 2);
    double[] before = agent.targetParameters();
    assertThat(before).containsExactly(agent.parameters());
    for (int i = 0; i < 10; i++) {
      agent.learn(new Transition(new double[] {1, i}, i % 2, 1, new double[] {0, 1}, true));
    }
    double[] online = agent.parameters(), target = agent.targetParameters();
    assertThat(target).isNotEqualTo(before);
    double distBefore = 0, distAfter = 0;
    for (int i = 0; i < online.length; i++) {
      distBefore += Math.abs(online[i] - before[i]);
      distAfter += Math.abs(online[i] - target[i]);
    }
    assertThat(distAfter).isLessThan(distBefore);
  }

  @Test void saveAndRestoreContinueIdentically(@TempDir Path dir) throws Exception {
    DqnAgent a = DqnAgent.builder().hidden(8, 8).prioritised(0.6, 0.4).batchSize(4).learningStarts(4).seed(9).build(2, 3);
    Random rng = new Random(1);
    for (int i = 0; i < 20; i++) {
      a.learn(new Transition(new double[] {rng.nextDouble(), 1}, rng.nextInt(3), rng.nextDouble(),
          new double[] {rng.nextDouble(), 0}, false));
    }
    a.save(dir);
    DqnAgent b = DqnAgent.restore(dir);
    assertThat(b.steps()).isEqualTo(20);
    assertThat(b.replaySize()).isEqualTo(20);
    assertThat(b.parameters()).containsExactly(a.parameters());
    assertThat(b.targetParameters()).containsExactly(a.targetParameters());
    // the same next transitions give the same networks: optimiser state, replay and rng were restored
    for (int i = 0; i < 5; i++) {
      Transition t = new Transition(new double[] {0.1 * i, 1}, i % 3, 1, new double[] {0.2, 0}, i == 4);
      a.learn(t);
      b.learn(t);
    }
    assertThat(b.parameters()).containsExactly(a.parameters());
    assertThat(b.epsilon()).isEqualTo(a.epsilon());
  }

  @Test void rejectsMisshapenInput() {
    DqnAgent a = DqnAgent.builder().build(4, 3);
    assertThatThrownBy(() -> a.qValues(new double[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 features");
    assertThatThrownBy(() -> a.learn(new Transition(new double[4], 3, 0, new double[4], false)))
        .hasMessageContaining("0..2");
    assertThatThrownBy(() -> DqnAgent.builder().gamma(1.0).build(4, 3)).hasMessageContaining("gamma");
    assertThatThrownBy(() -> DqnAgent.builder().hidden().build(4, 3)).hasMessageContaining("hidden");
  }

  @Test void presetsFollowThePaper() {
    DqnConfig v = DqnAgent.paperVertical().config();
    assertThat(v.hidden()).containsExactly(64, 64);
    assertThat(v.learningRate()).isEqualTo(1e-3);
    assertThat(v.epsilon()).isEqualTo(Epsilon.exponential(0.99, 0.05, 50));
    assertThat(v.batchSize()).isEqualTo(8);
    assertThat(v.tau()).isEqualTo(0.005);
    DqnConfig h = DqnAgent.paperHorizontal().config();
    assertThat(h.hidden()).containsExactly(128, 128);
    assertThat(h.learningRate()).isEqualTo(1e-4);
    assertThat(h.gradientClip()).isEqualTo(100);
    assertThat(h.amsgrad()).isTrue();
    assertThat(h.epsilon().at(150)).isCloseTo(0.05 + 0.85 * Math.exp(-1), org.assertj.core.data.Offset.offset(1e-12));
  }

  static double[] oneHot(int i) {
    double[] v = new double[3];
    v[i] = 1;
    return v;
  }
}
