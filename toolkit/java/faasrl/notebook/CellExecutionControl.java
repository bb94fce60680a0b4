package faasrl.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets in the kernel's own JVM, each on a fresh thread so an interrupt can stop
 * it, and keeps every snippet's value as an object (JShell itself only returns strings) so the
 * kernel can render tables and figures rather than their {@code toString}.
 */
final class CellExecutionControl extends DirectExecutionControl {
  /** How long a stopped snippet gets to honour the interrupt before its thread is stopped. */
  private static final long GRACE_MILLIS = 500;

  private final Map<String, Object> values = new ConcurrentHashMap<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile Thread running;

  /** A provider that hands JShell this instance. */
  ExecutionControlProvider provider() {
    CellExecutionControl self = this;
    return new ExecutionControlProvider() {
      @Override public String name() {
        return "faasrl-cell";
      }

      @Override public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return self;
      }
    };
  }

  @Override protected String invoke(Method doit) throws Exception {
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        result[0] = doit.invoke(null);
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "faasrl-cell");
    t.setContextClassLoader(doit.getDeclaringClass().getClassLoader());
    running = t;
    t.start();
    try {
      t.join();
    } finally {
      running = null;
    }
    if (stopped.get()) {
      throw new StoppedException();
    }
    if (failure[0] instanceof InvocationTargetException ite) {
      throw ite;
    }
    if (failure[0] instanceof Exception e) {
      throw e;
    }
    if (failure[0] != null) {
      throw new InvocationTargetException(failure[0]);
    }
    String key = UUID.randomUUID().toString();
    if (result[0] != null) {
      values.put(key, result[0]);
    }
    return key;
  }

  /** The value a snippet returned, by the key JShell reported as its value; null if none. */
  Object takeValue(String key) {
    return key == null ? null : values.remove(key);
  }

  /** Forgets kept values (called before each cell so declarations don't pile up). */
  void clearValues() {
    values.clear();
  }

  /** Clears the stopped flag before a cell. */
  void resetStopped() {
    stopped.set(false);
  }

  boolean wasStopped() {
    return stopped.get();
  }

  /** Interrupts the running snippet; if it ignores the interrupt, stops its thread. */
  @Override @SuppressWarnings({"removal", "deprecation"})
  public void stop() {
    Thread t = running;
    if (t == null) {
      return;
    }
    stopped.set(true);
    t.interrupt();
    try {
      t.join(GRACE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (t.isAlive()) {
      try {
        t.stop(); // JDK 17: the only way to end a busy loop that ignores interrupts
      } catch (UnsupportedOperationException ignored) {
        // JDK 20+: the interrupt is all we can do
      }
    }
  }
}
