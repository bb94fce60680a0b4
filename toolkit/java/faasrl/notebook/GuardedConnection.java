package faasrl.notebook;

import java.lang.reflect.Field;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.Loop;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * A Jupyter connection whose shell and control channels survive a message they cannot read. In
 * jjava-jupyter 1.0-a6 a message with a bad HMAC signature (or unreadable JSON) throws out of the
 * channel's read loop and ends its thread, so one forged message silences the kernel. Here the
 * message is dropped, the drop logged on stderr, and the loop keeps serving. The message's frames
 * are all read before the signature is checked, so the socket stays in step.
 */
final class GuardedConnection extends JupyterConnection {

  GuardedConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
    super(props);
  }

  /**
   * Binds the sockets and starts the loops with the guard on the shell and control loops before
   * either reads a message. jjava starts each loop inside bind(), so a message sent in the first
   * milliseconds could reach an unguarded loop; but a loop reads through the socket's synchronized
   * readMessage, so holding both sockets' monitors here keeps them waiting until their guard is in.
   */
  @Override public void connect() {
    synchronized (shell) {
      synchronized (control) {
        super.connect();
        guard(shell, "shell");
        guard(control, "control");
      }
    }
  }

  private static void guard(ShellChannel channel, String name) {
    Loop loop;
    try {
      // the loop is private and made in bind(); jjava offers no other hook on it
      Field f = ShellChannel.class.getDeclaredField("ioloop");
      f.setAccessible(true);
      loop = (Loop) f.get(channel);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("jjava-jupyter changed: no ShellChannel.ioloop to guard", e);
    }
    loop.onError(e -> dropped(name, e));
  }

  /** Logs the dropped message; 0 tells the loop to go on at once. Errors (out of memory...) still end it. */
  static long dropped(String channel, Throwable e) {
    if (e instanceof Error err) {
      throw err;
    }
    System.err.println("faasrl kernel: dropped a message on the " + channel + " channel: "
        + (e instanceof SecurityException ? "bad HMAC signature (" + e.getMessage() + ")" : e.toString()));
    return 0;
  }
}
