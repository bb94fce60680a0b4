package faasrl.function;

import java.util.Collection;

/** A function name that the catalog or cluster does not know; the message lists the known ones. */
public class UnknownFunctionException extends IllegalArgumentException {
  private final String name;

  public UnknownFunctionException(String name, Collection<String> known) {
    super("unknown function '" + name + "' (known: " + String.join(", ", known) + ")");
    this.name = name;
  }

  public String name() {
    return name;
  }
}
