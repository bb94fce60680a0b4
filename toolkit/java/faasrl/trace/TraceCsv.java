package faasrl.trace;

import faasrl.csv.Csv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading a trace file's cells: its header's columns, and each cell checked, or a {@link TraceFormatException}. */
final class TraceCsv {
  private TraceCsv() {}

  /** A header line's column names. */
  static final class Header {
    final Path file;
    final Map<String, Integer> index = new HashMap<>();

    Header(Path file, Csv.Line line) {
      this.file = file;
      List<String> cells = line.cells();
      for (int i = cells.size() - 1; i >= 0; i--) {
        index.put(cells.get(i), i);
      }
    }

    int index(String name) {
      return index.getOrDefault(name, -1);
    }

    int require(String name) {
      Integer i = index.get(name);
      if (i == null) {
        throw new TraceFormatException(file, 1, name, "missing from the header");
      }
      return i;
    }
  }

  /** Streams a trace file's records; a file that cannot be read is an {@link UncheckedIOException} naming it. */
  static void forEach(Path file, java.util.function.Consumer<Csv.Line> each) {
    try {
      Csv.forEach(file, each);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace file " + file + ": " + e.getMessage(), e);
    }
  }

  static void requireHeader(Path file, boolean seen) {
    if (!seen) {
      throw new TraceFormatException(file, 1, "header", "the file is empty");
    }
  }

  static String cell(Path file, Csv.Line line, int col, String field) {
    if (col >= line.cells().size()) {
      throw new TraceFormatException(file, line.number(), field, "missing (the row has " + line.cells().size()
          + " fields)");
    }
    return line.cells().get(col);
  }

  static double number(Path file, Csv.Line line, int col, String field) {
    String v = cell(file, line, col, field);
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      d = Double.NaN;
    }
    if (!(d >= 0) || Double.isInfinite(d)) {
      throw new TraceFormatException(file, line.number(), field, "'" + v + "' is not a number >= 0");
    }
    return d;
  }
}
