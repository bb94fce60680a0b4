package faasrl.scaler;

import faasrl.env.Agent;
import java.util.List;

/**
 * The rule-based autoscalers by name, each new and at its production defaults: Knative's KPA,
 * Kubernetes' HPA and VPA.
 *
 * <pre>{@code
 * Agent hpa = RuleBased.byName("hpa");   // Hpa.builder().build()
 * }</pre>
 */
public final class RuleBased {
  /** The names {@link #byName} knows, in the order the experiments list them. */
  public static final List<String> NAMES = List.of("kpa", "hpa", "vpa");

  private RuleBased() {}

  /** A new scaler with production defaults; one clear error for a name not in {@link #NAMES}. */
  public static Agent byName(String name) {
    return switch (name) {
      case "kpa" -> Kpa.builder().build();
      case "hpa" -> Hpa.builder().build();
      case "vpa" -> Vpa.builder().build();
      default -> throw new IllegalArgumentException("a rule-based scaler must be kpa, hpa or vpa, was '" + name + "'");
    };
  }
}
