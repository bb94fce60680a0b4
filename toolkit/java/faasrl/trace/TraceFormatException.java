package faasrl.trace;

import java.nio.file.Path;

/**
 * A trace file that cannot be read as the Azure Functions format: names the file, the row (its line
 * number, the header being row 1) and the field. The command line prints the message as one line
 * and exits with 2.
 *
 * <pre>{@code
 * // durations.csv row 7, field percentile_Average_50: 'fast' is not a number
 * }</pre>
 */
public final class TraceFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final Path file;
  private final long row;
  private final String field;

  public TraceFormatException(Path file, long row, String field, String problem) {
    super(file + " row " + row + ", field " + field + ": " + problem);
    this.file = file;
    this.row = row;
    this.field = field;
  }

  public Path file() {
    return file;
  }

  /** The line number of the row, from 1 (the header). */
  public long row() {
    return row;
  }

  public String field() {
    return field;
  }
}
