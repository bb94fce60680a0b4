package faasrl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every {@code faasrl} command line in a shell block of README.md and docs/*.md, and every example
 * in a command's {@code --help}, parses: its subcommands and options exist, take the values given
 * and leave no required option out. Parsed, not run. Shell variables ({@code $s}) stand for a value;
 * a continued line ({@code \}) is joined.
 */
class DocCommandLinesTest {
  /** One command line: where it is (line 0: in a command's help) and the arguments after {@code faasrl}. */
  record CommandLineInDocs(String file, int line, List<String> args) {
    @Override public String toString() {
      return file + (line > 0 ? ":" + line : "") + ": faasrl " + String.join(" ", args);
    }
  }

  @TestFactory Stream<DynamicTest> everyCommandLineInTheDocsParses() throws IOException {
    return parsing(all());
  }

  @TestFactory Stream<DynamicTest> everyExampleInTheCommandsHelpParses() {
    return parsing(helpExamples(Main.commandLine()));
  }

  private static Stream<DynamicTest> parsing(List<CommandLineInDocs> lines) {
    return lines.stream().map(c -> DynamicTest.dynamicTest(c.toString(),
        () -> Main.commandLine().parseArgs(c.args().toArray(String[]::new))));
  }

  /**
   * The examples in the help of a command and its subcommands: a line of its description or footer
   * that begins "Example:", or a footer line after one; each command of a line such as
   * {@code for s in 7 8; do faasrl train ...; done; faasrl validate ...}.
   */
  static List<CommandLineInDocs> helpExamples(CommandLine command) {
    List<CommandLineInDocs> found = new ArrayList<>();
    CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    boolean afterExample = false;
    for (String line : Stream.concat(Stream.of(usage.description()), Stream.of(usage.footer())).collect(Collectors.toList())) {
      String text = line.strip();
      boolean example = text.startsWith("Example:") || afterExample && text.startsWith("faasrl ");
      afterExample = text.equals("Example:") || example && afterExample;
      if (example) {
        for (String part : text.replaceFirst("^Example:", "").split(";")) {
          List<String> words = words(part);
          if (words.contains("faasrl")) {
            found.add(new CommandLineInDocs(command.getCommandSpec().qualifiedName() + " --help", 0,
                words.subList(words.indexOf("faasrl") + 1, words.size())));
          }
        }
      }
    }
    command.getSubcommands().values().forEach(sub -> found.addAll(helpExamples(sub)));
    return found;
  }

  /** Guards the check against passing vacuously: lines are found, and a wrong option fails to parse. */
  @Test void aMisspeltOptionFailsToParse() throws IOException {
    assertThat(all()).hasSizeGreaterThan(50);
    assertThat(helpExamples(Main.commandLine())).hasSizeGreaterThan(8)
        .anySatisfy(c -> assertThat(c.args()).startsWith("validate", "--from"));
    List<CommandLineInDocs> found = commandLines("x.md", List.of("```bash",
        "for s in 7 8; do ./faasrl train --steps 10 --seed $s --out 'runs/a b' --quiet; done   # two",
        "taskset -c 0 ./faasrl bench sim \\", "    --runs 3 2>&1 | tail -1", "jupyter kernelspec list   # faasrl  ~/.local/share", "```"));
    assertThat(found).extracting(CommandLineInDocs::args).containsExactly(
        List.of("train", "--steps", "10", "--seed", "1", "--out", "runs/a b", "--quiet"),
        List.of("bench", "sim", "--runs", "3"));
    List<String> misspelt = commandLines("y.md", List.of("```sh", "./faasrl train --stepz 10 --out r", "```"))
        .get(0).args();
    assertThatThrownBy(() -> Main.commandLine().parseArgs(misspelt.toArray(String[]::new)))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--stepz");
  }

  private static List<CommandLineInDocs> all() throws IOException {
    List<CommandLineInDocs> all = new ArrayList<>();
    for (Path md : DocExamplesTest.markdownFiles()) {
      all.addAll(commandLines(DocExamplesTest.ROOT.relativize(md).toString(), Files.readAllLines(md)));
    }
    return all;
  }

  /** The faasrl command lines in the shell blocks of one Markdown file. */
  static List<CommandLineInDocs> commandLines(String file, List<String> lines) {
    List<CommandLineInDocs> found = new ArrayList<>();
    boolean shell = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("```")) {
        shell = !shell && List.of("```bash", "```sh", "```shell").contains(line);
        continue;
      }
      if (!shell) {
        continue;
      }
      int first = i;
      StringBuilder joined = new StringBuilder(line);
      while (joined.toString().endsWith("\\") && i + 1 < lines.size()) {
        joined.setLength(joined.length() - 1);
        joined.append(' ').append(lines.get(++i).strip());
      }
      List<String> words = words(joined.toString());
      int at = words.indexOf("./faasrl");
      if (at < 0) {
        at = words.indexOf("faasrl");
      }
      if (at >= 0) {
        found.add(new CommandLineInDocs(file, first + 1, words.subList(at + 1, words.size())));
      }
    }
    return found;
  }

  /**
   * The words of the faasrl command in a shell line: up to the operator or comment after it, quotes
   * removed, each variable read as "1".
   */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else if (c == '#' && word == null) {
        break; // a comment to the end of the line
      } else if (";|&<>".indexOf(c) >= 0 || word == null && c == '2' && line.startsWith(">", i + 1)) {
        if (words.contains("./faasrl") || words.contains("faasrl")) {
          break;
        }
        word = null;
        words.clear(); // a command before the operator (the loop's head, a pipe's source)
      } else if (c == '$') {
        int end = i + 1;
        while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
          end++;
        }
        word = word == null ? new StringBuilder() : word;
        word.append('1');
        i = end - 1;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
