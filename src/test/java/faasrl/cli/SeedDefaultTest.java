package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.experiment.Setup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's {@code --seed} defaults to the seed of {@link Setup#defaults()}, and says so in its help. */
class SeedDefaultTest {
  /** The commands with a --seed option, found by walking every subcommand. */
  static List<CommandLine> withSeed(CommandLine cl) {
    List<CommandLine> found = new ArrayList<>();
    if (cl.getCommandSpec().findOption("--seed") != null) {
      found.add(cl);
    }
    cl.getSubcommands().values().forEach(sub -> found.addAll(withSeed(sub)));
    return found;
  }

  @Test void everySeedDefaultsToSevenAndTheHelpSaysSo() {
    List<CommandLine> commands = withSeed(Main.commandLine());
    assertThat(commands).extracting(CommandLine::getCommandName)
        .contains("simulate", "sweep", "invoke", "train", "evaluate", "reproduce");
    assertThat(Setup.defaults().seed()).isEqualTo(7);
    for (CommandLine cl : commands) {
      OptionSpec seed = cl.getCommandSpec().findOption("--seed");
      assertThat(seed.defaultValue()).as(cl.getCommandName()).isEqualTo("7");
      String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
      String line = help.lines().dropWhile(l -> !l.matches("\\s+--seed\\b.*")).limit(3).reduce("", (a, b) -> a + b);
      assertThat(line).as("%s --help on --seed", cl.getCommandName()).containsPattern("default:? 7\\)");
    }
  }

  @Test void simulateWithoutASeedRunsTheDefaultSeed() {
    String[] args = {"simulate", "--function", "adservice", "--rps", "300", "--seconds", "3", "--format", "csv"};
    SimCommandsTest.Run unseeded = SimCommandsTest.run(args);
    SimCommandsTest.Run seven = SimCommandsTest.run(concat(args, "--seed", "7"));
    SimCommandsTest.Run one = SimCommandsTest.run(concat(args, "--seed", "1"));
    assertThat(unseeded.code()).as(unseeded.err()).isZero();
    assertThat(unseeded.out()).isEqualTo(seven.out()).isNotEqualTo(one.out());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
