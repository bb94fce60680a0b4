package faasrl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks a command's output paths before any work, so that a run never fails at its end for a path
 * it could have refused at its start; each failure is one message naming the option and the path.
 *
 * <!-- given: Path out -->
 * <pre>{@code
 * OutputChecks.directory("--out", out);   // created if missing; must be a writable directory
 * }</pre>
 */
final class OutputChecks {
  private OutputChecks() {}

  /** Creates {@code dir} if missing; refuses a path that is a file or that cannot be written. */
  static Path directory(String option, Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(option + " " + dir + " is a file, not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(option + " " + dir + " cannot be created: " + reason(e), e);
    }
    if (!Files.isWritable(dir)) {
      throw new IllegalArgumentException(option + " " + dir + " is not writable");
    }
    return dir;
  }

  /** What went wrong, in words, without the exception's class name. */
  static String reason(IOException e) {
    String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
    String what = e instanceof NoSuchFileException ? "no such file or directory"
        : e instanceof AccessDeniedException ? "permission denied"
        : e instanceof FileAlreadyExistsException ? "a file is in the way"
        : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
        : String.valueOf(e.getMessage());
    return file == null ? what : what + " (" + file + ")";
  }
}
