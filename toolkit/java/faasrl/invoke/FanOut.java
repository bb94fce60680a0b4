package faasrl.invoke;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One step's invokers, one per function, each on its own thread ({@code invoke-FUNCTION}), started
 * together: how every backend that sends real requests loads several functions at once.
 *
 * <!-- given: Invoker invoker -->
 * <pre>{@code
 * FanOut step = FanOut.start(Map.of("adservice", invoker));
 * Map<String, InvokeResult> done = step.join();   // or step.interrupt() to stop early
 * }</pre>
 */
public final class FanOut {
  private final Map<String, Thread> threads;
  private final Map<String, CompletableFuture<InvokeResult>> results;

  private FanOut(Map<String, Thread> threads, Map<String, CompletableFuture<InvokeResult>> results) {
    this.threads = Collections.unmodifiableMap(threads);
    this.results = Collections.unmodifiableMap(results);
  }

  /** Starts every invoker on its own thread, in the map's order. */
  public static FanOut start(Map<String, Invoker> invokers) {
    Map<String, Thread> threads = new LinkedHashMap<>();
    Map<String, CompletableFuture<InvokeResult>> results = new LinkedHashMap<>();
    invokers.forEach((function, invoker) -> {
      CompletableFuture<InvokeResult> result = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          result.complete(invoker.run());
        } catch (Throwable e) {
          result.completeExceptionally(e);
        }
      }, "invoke-" + function);
      threads.put(function, t);
      results.put(function, result);
    });
    threads.values().forEach(Thread::start);
    return new FanOut(threads, results);
  }

  /** The running invokers' results, by function. */
  public Map<String, CompletableFuture<InvokeResult>> results() {
    return results;
  }

  /** Tells every invoker to stop (an interrupted invoker ends its run early). */
  public void interrupt() {
    threads.values().forEach(Thread::interrupt);
  }

  /** Waits for every invoker; an invoker's failure is rethrown as it was thrown. */
  public Map<String, InvokeResult> join() {
    Map<String, InvokeResult> out = new LinkedHashMap<>();
    try {
      results.forEach((function, r) -> out.put(function, r.join()));
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return out;
  }
}
