package faasrl.notebook;

import java.util.ArrayList;
import java.util.List;

/**
 * A cell cut into Java code and line magics ({@code %name args}, one per line, as in IJava and
 * JJava), in order. Magic lines are blanked in {@link #codeOnly} so positions in the cell still
 * line up for completion and inspection.
 *
 * <pre>{@code
 * CellParts.of("%jars lib/*.jar\nvar x = 1;").parts();
 * // [Magic[name=jars, args=[lib/*.jar]], Code[source=var x = 1;]]
 * }</pre>
 */
record CellParts(List<Part> parts) {

  /** One piece of a cell. */
  sealed interface Part permits Code, Magic {}

  /** Java source to hand to JShell, and the cell line (0-based) it starts on. */
  record Code(String source, int firstLine) implements Part {
    Code(String source) {
      this(source, 0);
    }
  }

  /** A line magic and its arguments (quotes group words, as in a shell). */
  record Magic(String name, List<String> args) implements Part {}

  static CellParts of(String cell) {
    List<Part> parts = new ArrayList<>();
    StringBuilder code = new StringBuilder();
    int lineNo = 0;
    int codeStart = 0;
    for (String line : cell.split("\n", -1)) {
      String t = line.strip();
      if (isMagic(t)) {
        flush(code, codeStart, parts);
        codeStart = lineNo + 1;
        String[] nameAndArgs = t.substring(1).split("\\s+", 2);
        parts.add(new Magic(nameAndArgs[0], words(nameAndArgs.length > 1 ? nameAndArgs[1] : "")));
      } else {
        code.append(line).append('\n');
      }
      lineNo++;
    }
    flush(code, codeStart, parts);
    return new CellParts(List.copyOf(parts));
  }

  /** The cell with every magic line replaced by spaces of the same length. */
  static String codeOnly(String cell) {
    StringBuilder out = new StringBuilder(cell.length());
    for (String line : cell.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      String t = line.strip();
      out.append(isMagic(t) || CellMagic.TIME.equals(t) ? " ".repeat(line.length()) : line);
    }
    return out.toString();
  }

  private static boolean isMagic(String strippedLine) {
    return strippedLine.length() > 1 && strippedLine.charAt(0) == '%'
        && Character.isLetter(strippedLine.charAt(1));
  }

  private static void flush(StringBuilder code, int firstLine, List<Part> parts) {
    if (!code.toString().isBlank()) {
      parts.add(new Code(code.toString(), firstLine));
    }
    code.setLength(0);
  }

  /** Splits on whitespace; single or double quotes keep spaces inside one word. */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : s.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed quote in magic arguments: " + s);
    }
    if (inWord) {
      out.add(w.toString());
    }
    return out;
  }
}
