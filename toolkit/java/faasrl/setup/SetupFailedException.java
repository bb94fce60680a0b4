package faasrl.setup;

import java.util.List;

/** One or more set-up steps failed; finished steps are recorded, so a resumed run starts here. */
public final class SetupFailedException extends RuntimeException {
  /** Which step failed on which node, and why. */
  public record Failure(String node, String step, RuntimeException cause) {}

  private final List<Failure> failures;

  SetupFailedException(List<Failure> failures, String stateFile) {
    super(describe(failures, stateFile), failures.get(0).cause());
    this.failures = List.copyOf(failures);
  }

  public List<Failure> failures() {
    return failures;
  }

  private static String describe(List<Failure> failures, String stateFile) {
    StringBuilder b = new StringBuilder("vHive set-up failed:");
    for (Failure f : failures) {
      b.append("\n- ").append(f.node()).append(" / ").append(f.step()).append(": ").append(f.cause().getMessage());
    }
    return b.append("\nFinished steps are recorded in ").append(stateFile)
        .append("; fix the cause and run again with --resume.").toString();
  }
}
