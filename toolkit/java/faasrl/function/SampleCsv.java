package faasrl.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads one column of microsecond samples from a CSV file (first column; a header line allowed). */
final class SampleCsv {
  private SampleCsv() {}

  static double[] read(Path csv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read samples " + csv + ": " + e.getMessage(), e);
    }
    double[] out = new double[lines.size()];
    int n = 0;
    for (int i = 0; i < lines.size(); i++) {
      String cell = lines.get(i).split(",", -1)[0].trim();
      if (cell.isEmpty() || (i == 0 && !Character.isDigit(cell.charAt(0)) && cell.charAt(0) != '.')) {
        continue; // blank line or header
      }
      try {
        out[n++] = Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(csv + " line " + (i + 1) + ": '" + cell
            + "' is not a number of microseconds");
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(csv + " holds no samples");
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
