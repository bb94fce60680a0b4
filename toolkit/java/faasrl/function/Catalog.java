package faasrl.function;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, ordered set of function profiles, each after the functions it calls (the order to
 * deploy them in), otherwise in the order given. The bundled one is the nine vSwarm online-shop
 * functions ({@code data/functions/online-shop.yaml}); add your own from a file.
 *
 * <pre>{@code
 * Catalog shop = Catalog.onlineShop();
 * FunctionSpec ads = shop.get("adservice");
 * Catalog mine = shop.with(FunctionSpecReader.read(Path.of("my-function.yaml")));
 * }</pre>
 */
public final class Catalog {
  /** The bundled online-shop profiles, on the classpath. */
  public static final String ONLINE_SHOP_RESOURCE = "faasrl/catalog/online-shop.yaml";

  private static volatile Catalog onlineShop;
  private final Map<String, FunctionSpec> specs;

  private Catalog(Map<String, FunctionSpec> specs) {
    for (FunctionSpec s : specs.values()) {
      for (String callee : s.calls()) {
        if (!specs.containsKey(callee)) {
          throw new IllegalArgumentException("function '" + s.name() + "' calls '" + callee
              + "', which is not in the catalog");
        }
      }
    }
    this.specs = Collections.unmodifiableMap(calleesFirst(specs));
  }

  /**
   * The same specs with every function after the functions it calls, so that deploying in this
   * order never meets a callee that is not there yet; otherwise in the given order (a list that
   * already has callees first stays as it is). A call cycle, which no deploy order can satisfy, is
   * refused naming its functions.
   */
  private static Map<String, FunctionSpec> calleesFirst(Map<String, FunctionSpec> specs) {
    Map<String, FunctionSpec> ordered = new LinkedHashMap<>();
    List<String> path = new ArrayList<>();
    for (String name : specs.keySet()) {
      visit(name, specs, ordered, path);
    }
    return ordered;
  }

  private static void visit(String name, Map<String, FunctionSpec> specs, Map<String, FunctionSpec> ordered,
      List<String> path) {
    if (ordered.containsKey(name)) {
      return;
    }
    int at = path.indexOf(name);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(name);
      throw new IllegalArgumentException("call cycle " + String.join(" -> ", cycle)
          + ": functions that call each other cannot be deployed (each needs the other first)");
    }
    path.add(name);
    for (String callee : specs.get(name).calls()) {
      visit(callee, specs, ordered, path);
    }
    path.remove(path.size() - 1);
    ordered.put(name, specs.get(name));
  }

  /**
   * A catalog of these specs, in this order but with callees moved before their callers; names must
   * be unique and calls must not form a cycle.
   */
  public static Catalog of(Collection<FunctionSpec> specs) {
    Map<String, FunctionSpec> m = new LinkedHashMap<>();
    for (FunctionSpec s : specs) {
      if (m.put(s.name(), s) != null) {
        throw new IllegalArgumentException("function '" + s.name() + "' is defined twice");
      }
    }
    return new Catalog(m);
  }

  /** A catalog of these specs. */
  public static Catalog of(FunctionSpec... specs) {
    return of(List.of(specs));
  }

  /** The nine vSwarm online-shop functions, calibrated as the profile file documents. */
  public static Catalog onlineShop() {
    Catalog c = onlineShop;
    if (c == null) {
      try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(ONLINE_SHOP_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("bundled catalog " + ONLINE_SHOP_RESOURCE + " is missing");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c = of(FunctionSpecReader.parse(text, ONLINE_SHOP_RESOURCE, null));
        onlineShop = c;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return c;
  }

  /** Reads a catalog from a YAML or JSON profile file. */
  public static Catalog load(Path file) {
    return of(FunctionSpecReader.read(file));
  }

  /** The spec of {@code name}, or an {@link UnknownFunctionException} naming the known ones. */
  public FunctionSpec get(String name) {
    FunctionSpec s = specs.get(name);
    if (s == null) {
      throw new UnknownFunctionException(name, specs.keySet());
    }
    return s;
  }

  public boolean contains(String name) {
    return specs.containsKey(name);
  }

  /** Function names, in catalog order (callees before callers). */
  public List<String> names() {
    return List.copyOf(specs.keySet());
  }

  public List<FunctionSpec> specs() {
    return List.copyOf(specs.values());
  }

  public int size() {
    return specs.size();
  }

  /** A new catalog with these specs added, replacing same-named ones. */
  public Catalog with(Collection<FunctionSpec> more) {
    Map<String, FunctionSpec> m = new LinkedHashMap<>(specs);
    for (FunctionSpec s : more) {
      m.put(s.name(), s);
    }
    return new Catalog(m);
  }

  public Catalog with(FunctionSpec... more) {
    return with(List.of(more));
  }

  /** The named functions and everything they call, transitively, in catalog order (callees first). */
  public Catalog closure(Collection<String> names) {
    Map<String, FunctionSpec> picked = new LinkedHashMap<>();
    List<String> todo = new ArrayList<>(names);
    while (!todo.isEmpty()) {
      FunctionSpec s = get(todo.remove(todo.size() - 1));
      if (picked.putIfAbsent(s.name(), s) == null) {
        todo.addAll(s.calls());
      }
    }
    Map<String, FunctionSpec> ordered = new LinkedHashMap<>();
    specs.forEach((k, v) -> {
      if (picked.containsKey(k)) {
        ordered.put(k, v);
      }
    });
    picked.forEach(ordered::putIfAbsent);
    return new Catalog(ordered);
  }

  @Override public String toString() {
    return "Catalog" + specs.keySet();
  }
}
