package faasrl.cluster;

import faasrl.function.UnknownFunctionException;
import java.util.Collection;

/**
 * A cluster was asked about a function it does not run: every backend refuses with this one
 * message, {@code function 'x' is not deployed (deployed: a, b)}.
 */
public final class NotDeployedException extends UnknownFunctionException {
  public NotDeployedException(String name, Collection<String> deployed) {
    super(name, "function '" + name + "' is not deployed ("
        + (deployed.isEmpty() ? "nothing is deployed" : "deployed: " + String.join(", ", deployed)) + ")");
  }
}
