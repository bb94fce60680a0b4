package faasrl.function;

import faasrl.csv.Csv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Reads one column of microsecond samples from a CSV file (first column; a header line allowed). */
final class SampleCsv {
  private SampleCsv() {}

  static double[] read(Path csv) {
    List<Csv.Line> lines;
    try {
      lines = Csv.read(csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read samples " + csv + ": " + e.getMessage(), e);
    }
    double[] out = new double[lines.size()];
    int n = 0;
    for (Csv.Line line : lines) {
      String cell = line.cells().get(0);
      if (cell.isEmpty() || (line.number() == 1 && !Character.isDigit(cell.charAt(0)) && cell.charAt(0) != '.')) {
        continue; // no value, or the header
      }
      try {
        out[n++] = Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(csv + " line " + line.number() + ": '" + cell
            + "' is not a number of microseconds");
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(csv + " holds no samples");
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
