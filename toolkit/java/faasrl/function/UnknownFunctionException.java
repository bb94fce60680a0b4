package faasrl.function;

import java.util.Collection;

/** A function name that the catalog or cluster does not know; the message lists the known ones. */
public class UnknownFunctionException extends IllegalArgumentException {
  private final String name;

  public UnknownFunctionException(String name, Collection<String> known) {
    super("unknown function '" + name + "' (known: " + String.join(", ", known) + ")");
    this.name = name;
  }

  /** For a subclass with its own wording of the same refusal. */
  protected UnknownFunctionException(String name, String message) {
    super(message);
    this.name = name;
  }

  public String name() {
    return name;
  }
}
