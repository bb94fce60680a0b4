package faasrl.cli;

import faasrl.env.Transition;
import faasrl.rl.DqnAgent;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faasrl bench dqn}: the time of one DQN training update. */
@Command(name = "dqn", mixinStandardHelpOptions = true,
    description = "Times one DQN training update (default: batch 32, MLP 64-64, 8 inputs, 3 actions, double DQN, "
        + "soft target): the median over several rounds, after warm-up, and the mean over all of them with the "
        + "share of that time spent in garbage collection (ND4J's per-array native buffers make collections a "
        + "large and lumpy part of an update's cost, so the median alone understates it).")
public final class BenchDqn implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--batch", defaultValue = "32", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--hidden", defaultValue = "64,64", split = ",", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
  int[] hidden;

  @Option(names = "--dueling", description = "A dueling head, as the experiments' DQN has.")
  boolean dueling;

  @Option(names = "--updates", defaultValue = "300", description = "Updates per round (default: ${DEFAULT-VALUE}).")
  int updates;

  @Override public Integer call() {
    if (updates < 1) {
      throw new IllegalArgumentException("--updates must be >= 1, was " + updates);
    }
    int inputs = 8, actions = 3;
    DqnAgent agent = DqnAgent.builder().hidden(hidden).dueling(dueling).batchSize(batch)
        .learningStarts(Integer.MAX_VALUE).seed(1).build(inputs, actions);
    Random rng = new Random(1);
    for (int i = 0; i < 2000; i++) {
      agent.learn(new Transition(random(rng, inputs), rng.nextInt(actions), rng.nextDouble(), random(rng, inputs),
          rng.nextInt(10) == 0));
    }
    for (int i = 0; i < updates; i++) {
      agent.update(); // warm-up: JIT and native workspaces
    }
    double[] rounds = new double[5];
    long gc0 = collectionMillis();
    for (int r = 0; r < rounds.length; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < updates; i++) {
        agent.update();
      }
      rounds[r] = (System.nanoTime() - t0) / 1e6 / updates;
    }
    double gcMs = collectionMillis() - gc0;
    double mean = Arrays.stream(rounds).average().orElseThrow();
    Arrays.sort(rounds);
    spec.commandLine().getOut().printf(Locale.ROOT, "dqn update (batch %d, MLP %s%s): median %.3f ms, min %.3f ms, "
        + "max %.3f ms over %d rounds of %d; mean %.3f ms, %.0f%% of it in GC (OMP_NUM_THREADS=%s)%n", batch,
        Arrays.toString(hidden), dueling ? ", dueling" : "", rounds[2], rounds[0], rounds[4], rounds.length, updates,
        mean, 100 * Math.min(1, gcMs / (mean * rounds.length * updates)),
        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    return 0;
  }

  /** Milliseconds this JVM's collectors have spent collecting (pauses, for the parallel collector). */
  private static long collectionMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  private static double[] random(Random rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextDouble();
    }
    return v;
  }
}
