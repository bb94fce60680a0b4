package faasrl.notebook;

import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Why a cell failed: a compile error, an exception the code threw, or an interrupt. The name is
 * what Jupyter shows as the error's name (for a thrown exception, the user's exception class).
 */
public final class CellException extends RuntimeException {
  private final String name;

  CellException(String name, String message, Throwable cause) {
    super(message, cause);
    this.name = name;
  }

  static CellException thrownBy(JShellException e) {
    if (e instanceof EvalException ev) {
      return new CellException(ev.getExceptionClassName(), ev.getMessage(), ev);
    }
    if (e instanceof UnresolvedReferenceException ur) {
      return new CellException("UnresolvedReferenceException",
          ur.getSnippet().source().strip() + " refers to something not yet declared", ur);
    }
    return new CellException(e.getClass().getSimpleName(), e.getMessage(), e);
  }

  /** The kernel's own frames say nothing about the user's error: keep none. */
  @Override public synchronized Throwable fillInStackTrace() {
    return this;
  }

  /** The error's name: {@code CompilationException}, {@code Interrupted} or the thrown class. */
  public String name() {
    return name;
  }
}
