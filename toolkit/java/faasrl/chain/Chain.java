package faasrl.chain;

import faasrl.function.Catalog;
import faasrl.function.FunctionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chain of functions: an entry function that calls its callees one after another while its
 * caller waits, so the entry's latency is the end-to-end latency. The hops are the entry and its
 * callees; a hop's own latency is a callee's latency, or for the entry what is left of the
 * end-to-end latency after its calls.
 *
 * <pre>{@code
 * Chain checkout = Chain.checkout();
 * checkout.hops();   // [checkoutservice, cartservice, productcatalogservice, currencyservice, ...]
 * Chain rec = Chain.of(Catalog.onlineShop(), "recommendationservice");
 * }</pre>
 *
 * @param entry   the function clients call
 * @param callees the functions it calls, in call order
 */
public record Chain(String entry, List<String> callees) {
  /** The online-shop's checkout entry point. */
  public static final String CHECKOUT = "checkoutservice";

  public Chain {
    Objects.requireNonNull(entry, "entry");
    callees = List.copyOf(callees);
    if (callees.isEmpty()) {
      throw new IllegalArgumentException("'" + entry + "' calls no function: a chain needs at least one callee");
    }
    if (callees.contains(entry) || callees.stream().distinct().count() != callees.size()) {
      throw new IllegalArgumentException("a chain's hops must be distinct, were " + entry + " -> " + callees);
    }
  }

  /** The chain that starts at {@code entry} in {@code catalog}, with the callees its spec names. */
  public static Chain of(Catalog catalog, String entry) {
    FunctionSpec spec = catalog.get(entry);
    return new Chain(entry, spec.calls());
  }

  /** checkoutservice and the six functions it calls, from the online-shop catalog. */
  public static Chain checkout() {
    return of(Catalog.onlineShop(), CHECKOUT);
  }

  /** Every hop: the entry first, then the callees in call order. */
  public List<String> hops() {
    List<String> h = new ArrayList<>();
    h.add(entry);
    h.addAll(callees);
    return List.copyOf(h);
  }

  /** The hops in the order they can be deployed: callees first, as a caller needs its callees deployed. */
  public List<String> deployOrder() {
    List<String> h = new ArrayList<>(callees);
    h.add(entry);
    return List.copyOf(h);
  }
}
