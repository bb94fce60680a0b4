package faasrl.cli;

import faasrl.env.Agent;
import faasrl.experiment.PaperExperiments;
import faasrl.experiment.Setup;
import faasrl.experiment.Validation;
import faasrl.rl.DqnAgent;
import faasrl.scaler.RuleBased;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faasrl validate}: scores saved DQNs on the validation loads ({@link Validation}), where
 * settings are chosen without touching {@code reproduce}'s evaluation workloads and seeds.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Scores saved DQN agents on the validation loads, on the simulated cluster: four long constant "
        + "loads (90, 170, 260, 420 RPS, 90 steps from 100m, each with its oracle), four large-burst loads (60 steps), "
        + "six mixed loads drawn like the training loads (36 steps) and four ramps (daily cycles, 36 steps), all on "
        + "cluster seeds 3000-3403, which reproduce never trains or evaluates on. Choose settings here, never on reproduce's tables. Prints one "
        + "Markdown row per agent (and per rule-based scaler of --baselines); --out also gets validation.csv (every "
        + "load), validation.md and every run's step log (steps/N-NAME/SET/LOAD/steps.csv, N counting the agents "
        + "and scalers in order).",
        "Example: for s in 7 8 9; do faasrl train --steps 6400 --seed $s --quiet --out runs/$s; done; "
            + "faasrl validate --from runs/7/checkpoint/agent --from runs/8/checkpoint/agent "
            + "--from runs/9/checkpoint/agent --baselines kpa,hpa,vpa --out val"})
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--from", paramLabel = "DIR",
      description = "A saved agent (RUN/checkpoint/agent of 'faasrl train'); repeat for several.")
  List<Path> from = new ArrayList<>();

  @Option(names = "--baselines", split = ",", paramLabel = "NAMES", description = "Rule-based scalers to score "
      + "beside the agents, at their production defaults, a new one per load: any of kpa, hpa, vpa.")
  List<String> baselines = new ArrayList<>();

  @Option(names = "--out", description = "Directory for validation.csv, validation.md and the step logs.")
  Path out;

  @Option(names = "--function", defaultValue = "adservice", description = "Function the agents scale "
      + "(default: ${DEFAULT-VALUE}).")
  String function;

  @Option(names = "--slo-ms", description = "p90 SLO in milliseconds (default: the function's, as reproduce sets it: "
      + "5, or twice its median p90 on 1000m if that is more, e.g. 15 for checkoutservice).")
  Long sloMs;

  @Option(names = "--scale", defaultValue = "1", description = "Multiply every load's length by this, in (0, 1], for "
      + "a quick look; numbers at another scale do not compare with full-length ones (default: ${DEFAULT-VALUE}).")
  double scale;

  @Override public Integer call() throws IOException {
    if (sloMs != null && sloMs < 1) {
      throw new IllegalArgumentException("--slo-ms must be >= 1, was " + sloMs);
    }
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException("--scale must be in (0, 1], was " + scale);
    }
    if (from.isEmpty() && baselines.isEmpty()) {
      throw new IllegalArgumentException("give at least one --from DIR (a saved agent) or --baselines kpa,hpa,vpa");
    }
    for (String b : baselines) {
      if (!RuleBased.NAMES.contains(b)) {
        throw new IllegalArgumentException("--baselines must name kpa, hpa or vpa, was '" + b + "'");
      }
    }
    for (Path p : from) {
      if (!DqnAgent.isSaved(p)) {
        throw new IllegalArgumentException("--from must be a saved agent (a directory holding agent.json, e.g. "
            + "RUN/checkpoint/agent of 'faasrl train'); " + p + " is not");
      }
    }
    if (out != null) {
      OutputChecks.directory("--out", out);
    }
    // every agent is read before the first run, so a bad one fails at once
    Map<String, Supplier<? extends Agent>> scored = new LinkedHashMap<>();
    for (Path p : from) {
      DqnAgent a = DqnAgent.restore(p);
      scored.put(p.toString(), () -> a);
    }
    for (String b : baselines) {
      scored.put(b, () -> RuleBased.byName(b));
    }
    PrintStream progress = System.err;
    Setup setup = Setup.defaults().function(function);
    Duration slo = sloMs != null ? Duration.ofMillis(sloMs) : PaperExperiments.functionSlo(setup);
    Validation v = Validation.of(setup.slo(slo)).scale(scale);
    progress.println("validate: finding the oracles of the long constant loads");
    double[] oracle = v.oracleCpu();
    Validation.Scores all = null;
    int done = 0;
    for (Map.Entry<String, Supplier<? extends Agent>> e : scored.entrySet()) {
      progress.printf(Locale.ROOT, "validate: %d of %d (%s)%n", ++done, scored.size(), e.getKey());
      Path steps = out == null ? null : out.resolve("steps").resolve(done + "-" + shortName(e.getKey()));
      Validation.Scores s = v.score(e.getKey(), e.getValue(), steps);
      all = all == null ? s : all.and(s);
    }
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "Validation of %s, p90 SLO %d ms%s; oracles on the long constant loads: %s cores; violations / cores%n%n",
        function, slo.toMillis(), scale == 1 ? "" : ", loads at " + scale + " of their length", formatted(oracle)));
    md.append(all.markdown(from.stream().map(Path::toString).distinct().toList()));
    PrintWriter w = spec.commandLine().getOut();
    w.print(md);
    w.flush();
    if (out != null) {
      all.rows().write().csv(out.resolve("validation.csv").toFile());
      Files.writeString(out.resolve("validation.md"), md);
    }
    return 0;
  }

  /** A scaler's name, or for a saved agent RUN/checkpoint/agent the RUN directory's name. */
  private static String shortName(String scored) {
    Path p = Path.of(scored);
    boolean inRun = p.getNameCount() >= 3 && p.endsWith(Path.of("checkpoint", "agent"));
    Path name = inRun ? p.getParent().getParent().getFileName() : p.getFileName();
    return name == null ? "agent" : name.toString();
  }

  private static String formatted(double[] v) {
    return Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x)).collect(Collectors.joining(" / "));
  }
}
