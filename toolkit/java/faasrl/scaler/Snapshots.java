package faasrl.scaler;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saves a scaler's history (windows, histograms) so a resumed run decides as the killed one would. */
final class Snapshots {
  private static final String FILE = "scaler.bin";

  private Snapshots() {}

  static void write(Path dir, Serializable state) throws IOException {
    Files.createDirectories(dir);
    try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(dir.resolve(FILE)))) {
      out.writeObject(state);
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T read(Path dir) throws IOException {
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(dir.resolve(FILE)))) {
      return (T) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot read scaler state in " + dir, e);
    }
  }
}
