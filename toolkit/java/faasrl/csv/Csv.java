package faasrl.csv;

import com.univocity.parsers.csv.CsvFormat;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The toolkit's one CSV dialect, through the univocity parser (the reader Tablesaw uses): comma
 * separated, {@code \n} line ends, a cell quoted only when it holds a comma, a quote or a line break
 * (quotes doubled inside), whitespace kept, and no comment lines. Ordinary cells are written as
 * they are, so {@code String.join(",", cells)} and {@link #row} agree on them byte for byte.
 *
 * <pre>{@code
 * String line = Csv.row(List.of("adservice", "cpu+30, \"fast\"", "0.5")); // adservice,"cpu+30, ""fast""",0.5
 * String[] cells = Csv.cells(line);                                        // the three cells back
 * for (Csv.Line l : Csv.read(Path.of("trace.csv"))) {
 *   System.out.println(l.number() + ": " + l.cells());
 * }
 * }</pre>
 *
 * <p>Thread-safe: each thread keeps its own writer and parser.
 */
public final class Csv {
  private static final ThreadLocal<CsvWriter> WRITER = ThreadLocal.withInitial(Csv::writer);
  private static final ThreadLocal<CsvParser> LINE_PARSER = ThreadLocal.withInitial(() -> parser(false));

  /** Most cells a record may have: room for a trace's 1,440 minutes and more (univocity's default is 512). */
  public static final int MAX_COLUMNS = 20_000;

  private Csv() {}

  /**
   * One record of a file: its line number (from 1) and its cells, trimmed.
   *
   * @param number the line the record starts on, from 1
   * @param cells  its cells, empty cells as {@code ""}
   */
  public record Line(long number, List<String> cells) {
    public Line {
      cells = List.copyOf(cells);
    }

    /** The last cell. */
    public String last() {
      return cells.get(cells.size() - 1);
    }
  }

  /** The cells as one CSV line, without a line end; {@code null} is written as an empty cell. */
  public static String row(List<?> cells) {
    return WRITER.get().writeRowToString(cells.toArray());
  }

  /** The cells of one line written by {@link #row} (a missing closing quote ends at the line's end). */
  public static String[] cells(String line) {
    if (line.isEmpty()) {
      return new String[] {""};
    }
    String[] cells = LINE_PARSER.get().parseLine(line);
    return cells == null ? new String[] {""} : cells;
  }

  /**
   * The records of a CSV file (UTF-8) with their line numbers, cells trimmed, blank lines left out;
   * a quoted cell may hold commas.
   */
  public static List<Line> read(Path file) throws IOException {
    List<Line> lines = new ArrayList<>();
    forEach(file, lines::add);
    return lines;
  }

  /**
   * Streams the records of a CSV file (UTF-8) to {@code each}, one at a time, as {@link #read}
   * reads them (line numbers, trimmed cells, blank lines left out), without holding the file.
   *
   * <pre>{@code
   * Csv.forEach(Path.of("invocations.csv"), line -> System.out.println(line.cells().get(2)));
   * }</pre>
   */
  public static void forEach(Path file, java.util.function.Consumer<Line> each) throws IOException {
    CsvParser parser = parser(true);
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      parser.beginParsing(in);
      for (String[] cells; (cells = parser.parseNext()) != null; ) {
        long end = parser.getContext().currentLine(); // the line the record ended on
        long lineBreaks = Arrays.stream(cells).mapToLong(c -> c.chars().filter(ch -> ch == '\n').count()).sum();
        each.accept(new Line(end - lineBreaks, Arrays.asList(cells)));
      }
    } finally {
      parser.stopParsing();
    }
  }

  private static CsvWriter writer() {
    CsvWriterSettings s = new CsvWriterSettings();
    format(s.getFormat());
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setQuotationTriggers('"', '\r', '\n'); // the delimiter always triggers quoting
    return new CsvWriter(s);
  }

  private static CsvParser parser(boolean trim) {
    CsvParserSettings s = new CsvParserSettings();
    format(s.getFormat());
    s.setIgnoreLeadingWhitespaces(trim);
    s.setIgnoreTrailingWhitespaces(trim);
    s.setNullValue("");
    s.setEmptyValue("");
    s.setMaxCharsPerColumn(-1); // no limit: the file decides
    s.setMaxColumns(MAX_COLUMNS);
    s.setInputBufferSize(64 * 1024);
    s.setLineSeparatorDetectionEnabled(false);
    return new CsvParser(s);
  }

  private static void format(CsvFormat f) {
    f.setDelimiter(',');
    f.setQuote('"');
    f.setQuoteEscape('"');
    f.setLineSeparator("\n");
    f.setNormalizedNewline('\n');
    f.setComment('\0');
  }
}
