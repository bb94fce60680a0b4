package faasrl.cluster;

import faasrl.function.Catalog;
import faasrl.function.FunctionSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every backend shares, so that all behave alike: the registry of deployed functions, the
 * callees-first rule, call cycles named as cycles, all-or-nothing deploys, the refusal to remove a
 * function that others call, and one wording of each error ({@link NotDeployedException}, a closed
 * cluster). A backend supplies only {@link #start}, {@link #resize}, {@link #stop} and
 * {@link #measure}, plus its own limits in {@link #check}.
 *
 * <p>The order of checks is the same everywhere: a closed cluster, then missing input, then
 * functions that are not deployed, then the backend's limits, then cycles. Nothing is changed
 * before every check has passed.
 *
 * <p>The metrics a backend's {@link #measure} reports mean the same on every backend (the contract
 * test holds all three to them): per function, {@code issued = completed + failed + inFlight};
 * {@code cpuLimitCores} is the CPU limit summed over the function's pods that hold a place on a
 * node (starting, serving or draining), averaged over the step; {@code cpuUsedCores} is the CPU
 * those pods used over the step, in cores; {@code config} is the configuration last asked for.
 *
 * <!-- not compiled: the outline of a class, its methods' bodies left out -->
 * <pre>{@code
 * final class MyCluster extends AbstractCluster<MyCluster> {
 *   @Override public String backend() { return "mine"; }
 *   @Override protected void start(FunctionSpec spec, ScalingConfig config, Deployed previous) { ... }
 *   @Override protected void resize(Deployed current, ScalingConfig next) { ... }
 *   @Override protected void stop(Deployed function) { ... }
 *   @Override protected StepResult measure(Load load) { ... }
 *   ...
 * }
 * }</pre>
 *
 * @param <C> the backend's own type, which the fluent methods return
 */
public abstract class AbstractCluster<C extends AbstractCluster<C>> implements Cluster {
  private final Map<String, Deployed> registry = new LinkedHashMap<>();
  private volatile boolean closed;

  /** A deployed function: its spec and the configuration last asked for it. */
  public record Deployed(FunctionSpec spec, ScalingConfig config) {
    public String name() {
      return spec.name();
    }
  }

  // ---- what a backend supplies ----

  /**
   * Refuses, with an {@link IllegalArgumentException} naming what is wrong, a spec or configuration
   * this backend cannot run (a CPU limit beyond a node, a function without an implementation);
   * changes nothing. The default accepts everything.
   */
  protected void check(FunctionSpec spec, ScalingConfig config) {}

  /**
   * Brings {@code spec} up with {@code config}, replacing {@code previous} (null for a new
   * function), and returns once the backend has accepted it. On failure it leaves the function as
   * it was: a new one absent, a replaced one running as before.
   */
  protected abstract void start(FunctionSpec spec, ScalingConfig config, Deployed previous);

  /** Applies {@code next} to a running function (already checked against the backend's limits). */
  protected abstract void resize(Deployed current, ScalingConfig next);

  /** Stops a function and releases what it holds. */
  protected abstract void stop(Deployed function);

  /** Runs one step of load on deployed functions (checked) and measures it. */
  protected abstract StepResult measure(Load load);

  /** Releases what the backend holds; called once by {@link #close()}. */
  protected void release() {}

  /**
   * Whom {@code function} calls now. The simulator adds the calls of a revision still rolling out,
   * so that a function stays protected while any of its callers' revisions may call it.
   */
  protected List<String> callees(String function) {
    return deployed(function).spec().calls();
  }

  @SuppressWarnings("unchecked")
  private C self() {
    return (C) this;
  }

  // ---- the shared behaviour ----

  /**
   * Deploys a function after its callees; replaces its spec and configuration when it is already
   * deployed.
   */
  @Override public final synchronized C deploy(FunctionSpec spec, ScalingConfig config) {
    checkOpen();
    validate(spec, config, callGraph());
    apply(spec, config);
    return self();
  }

  @Override public final C deploy(FunctionSpec spec) {
    return deploy(spec, ScalingConfig.defaults());
  }

  /**
   * Deploys every function of the catalog (callees first, as a {@link Catalog} is ordered) after
   * checking all of them; if one fails to start, those started before it are undone: all or nothing.
   */
  @Override public final synchronized C deploy(Catalog catalog, ScalingConfig config) {
    checkOpen();
    if (catalog == null) {
      throw new IllegalArgumentException("deploy needs a catalog and a scaling config");
    }
    Map<String, List<String>> graph = callGraph();
    for (FunctionSpec s : catalog.specs()) {
      validate(s, config, graph);
    }
    List<Deployed> before = new ArrayList<>(); // what each applied function replaced (null: new)
    List<String> applied = new ArrayList<>();
    for (FunctionSpec s : catalog.specs()) {
      Deployed previous = registry.get(s.name());
      try {
        apply(s, config);
      } catch (RuntimeException e) {
        undo(applied, before, e);
        throw e;
      }
      applied.add(s.name());
      before.add(previous);
    }
    return self();
  }

  @Override public final synchronized C scale(String function, ScalingConfig config) {
    checkOpen();
    Deployed d = deployed(function);
    if (config == null) {
      throw new IllegalArgumentException("scale needs a scaling config for '" + function + "'");
    }
    check(d.spec(), config);
    resize(d, config);
    registry.put(function, new Deployed(d.spec(), config));
    return self();
  }

  @Override public final synchronized ScalingConfig config(String function) {
    return deployed(function).config();
  }

  @Override public final synchronized List<String> functions() {
    return List.copyOf(registry.keySet());
  }

  /** Removes a function that no other function calls. */
  @Override public final synchronized C remove(String function) {
    checkOpen();
    Deployed d = deployed(function);
    for (String other : registry.keySet()) {
      if (!other.equals(function) && callees(other).contains(function)) {
        throw new IllegalArgumentException("cannot remove '" + function + "': '" + other
            + "' calls it; remove that first");
      }
    }
    stop(d);
    registry.remove(function);
    return self();
  }

  /** Runs one step after checking that every function of the load is deployed. */
  @Override public final synchronized StepResult run(Load load) {
    checkOpen();
    if (load == null) {
      throw new IllegalArgumentException("run needs a load");
    }
    load.patterns().keySet().forEach(this::deployed);
    return measure(load);
  }

  /** Releases everything the backend holds; idempotent, and safe from another thread during a step. */
  @Override public void close() {
    if (closed) {
      return;
    }
    closed = true;
    release();
  }

  // ---- for backends ----

  /** The deployed function called {@code function}, or the one refusal every backend gives. */
  protected final synchronized Deployed deployed(String function) {
    Deployed d = registry.get(function);
    if (d == null) {
      throw new NotDeployedException(function, registry.keySet());
    }
    return d;
  }

  /** Registers a function that was running before this cluster started (a resumed session). */
  protected final synchronized void adopt(FunctionSpec spec, ScalingConfig config) {
    registry.put(spec.name(), new Deployed(spec, config));
  }

  /** Forgets a function that vanished outside the backend's control (deleted by someone else). */
  protected final synchronized void forget(String function) {
    registry.remove(function);
  }

  /** True once closed; a backend with its own way of closing (a signal) may add to it. */
  protected boolean isClosed() {
    return closed;
  }

  /** The one refusal of a closed cluster. */
  protected final void checkOpen() {
    if (isClosed()) {
      throw new IllegalStateException("this " + backend() + " cluster is closed");
    }
  }

  // ---- internals ----

  /** Checks {@code spec} against the functions in {@code graph} (name to callees), then adds it there. */
  private void validate(FunctionSpec spec, ScalingConfig config, Map<String, List<String>> graph) {
    if (spec == null || config == null) {
      throw new IllegalArgumentException("deploy needs a function spec and a scaling config");
    }
    for (String callee : spec.calls()) {
      if (!graph.containsKey(callee)) {
        throw new IllegalArgumentException("function '" + spec.name() + "' calls '" + callee
            + "', which is not deployed: deploy it first");
      }
    }
    check(spec, config);
    graph.put(spec.name(), spec.calls());
    List<String> cycle = cycleThrough(spec.name(), graph, new ArrayList<>(List.of(spec.name())));
    if (cycle != null) {
      throw new IllegalArgumentException("call cycle " + String.join(" -> ", cycle)
          + ": functions that call each other cannot be deployed (each needs the other first)");
    }
  }

  /** A call path from the end of {@code path} back to {@code start}, or null when there is none. */
  private static List<String> cycleThrough(String start, Map<String, List<String>> graph, List<String> path) {
    for (String callee : graph.getOrDefault(path.get(path.size() - 1), List.of())) {
      if (callee.equals(start)) {
        List<String> cycle = new ArrayList<>(path);
        cycle.add(start);
        return cycle;
      }
      if (!path.contains(callee)) {
        path.add(callee);
        List<String> found = cycleThrough(start, graph, path);
        if (found != null) {
          return found;
        }
        path.remove(path.size() - 1);
      }
    }
    return null;
  }

  private Map<String, List<String>> callGraph() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    registry.keySet().forEach(name -> g.put(name, callees(name)));
    return g;
  }

  private void apply(FunctionSpec spec, ScalingConfig config) {
    start(spec, config, registry.get(spec.name()));
    registry.put(spec.name(), new Deployed(spec, config));
  }

  /** Puts back, newest first, what a failed catalog deploy changed; what cannot be undone is told. */
  private void undo(List<String> applied, List<Deployed> before, RuntimeException failure) {
    for (int i = applied.size() - 1; i >= 0; i--) {
      Deployed now = registry.get(applied.get(i));
      Deployed previous = before.get(i);
      try {
        if (previous == null) {
          stop(now);
          registry.remove(now.name());
        } else {
          start(previous.spec(), previous.config(), now);
          registry.put(previous.name(), previous);
        }
      } catch (RuntimeException e) {
        failure.addSuppressed(new IllegalStateException("could not undo the deploy of '" + now.name() + "'", e));
      }
    }
  }

  /** An unmodifiable view of the registry, in deployment order. */
  protected final synchronized Map<String, Deployed> registry() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(registry));
  }
}
