package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The guard against unreadable messages is in place before the shell loop reads its first message:
 * a real ZeroMQ client queues a forged message and then a signed one before the kernel's sockets
 * bind, so both arrive in the first milliseconds of the loop.
 */
class GuardedConnectionTest {
  static final String KEY = "guard-test-key";

  @Test void theLoopsReadThroughTheSocketsMonitorSoConnectCanHoldThemBackUntilGuarded() throws Exception {
    // the guard's start-up order rests on this jjava detail; an upgrade that drops it must fail here
    assertThat(Modifier.isSynchronized(JupyterSocket.class.getMethod("readMessage").getModifiers())).isTrue();
  }

  @Test void aForgedMessageAtTheFirstInstantIsDroppedAndTheNextIsServed() throws Exception {
    // the race lasts a few milliseconds per start, so start many times
    for (int round = 0; round < 15; round++) {
      int[] ports = freePorts(5);
      KernelConnectionProperties props = KernelConnectionProperties.parse(String.format("{\"transport\": \"tcp\", "
          + "\"ip\": \"127.0.0.1\", \"shell_port\": %d, \"iopub_port\": %d, \"stdin_port\": %d, "
          + "\"control_port\": %d, \"hb_port\": %d, \"key\": \"%s\", \"signature_scheme\": \"hmac-sha256\"}",
          ports[0], ports[1], ports[2], ports[3], ports[4], KEY));
      GuardedConnection connection = new GuardedConnection(props);
      CountDownLatch served = new CountDownLatch(1);
      connection.setHandler(MessageType.KERNEL_INFO_REQUEST, (env, msg) -> served.countDown());
      try (ZContext ctx = new ZContext()) {
        ZMQ.Socket shell = ctx.createSocket(SocketType.DEALER);
        shell.setReconnectIVL(1); // connect within a millisecond of the bind
        shell.connect("tcp://127.0.0.1:" + ports[0]);
        send(shell, false);
        send(shell, true);
        connection.connect();
        // generous: a busy machine may take seconds to deliver; a dead loop never serves
        assertThat(served.await(60, TimeUnit.SECONDS))
            .as("round %d: the signed request after a forged one was served", round).isTrue();
      } finally {
        connection.close();
      }
    }
  }

  /**
   * Free ports below the kernel's ephemeral range: the shell socket's reconnects, one a millisecond
   * until the bind, each take an ephemeral source port, which could be one of the kernel's ports
   * that {@code new ServerSocket(0)} hands out (seen once as EADDRINUSE on a loaded machine).
   */
  private static int[] freePorts(int n) throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    // readAllLines, not readString: /proc reports a size of 0, and readString then returns one byte
    int firstEphemeral = Files.exists(range)
        ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 32768;
    int[] ports = new int[n];
    int found = 0;
    IOException last = null;
    for (int candidate = firstEphemeral - 1 - RANDOM.nextInt(5000); found < n; candidate--) {
      if (candidate < 1024) {
        throw new IllegalStateException("no free port below " + firstEphemeral, last);
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", candidate));
        ports[found++] = candidate;
      } catch (IOException taken) {
        last = taken;  // in use: try the next one down
      }
    }
    return ports;
  }

  private static final Random RANDOM = new Random();

  private static void send(ZMQ.Socket shell, boolean signed) throws Exception {
    String header = String.format("{\"msg_id\": \"%s\", \"username\": \"test\", \"session\": \"s1\", "
        + "\"date\": \"%s\", \"msg_type\": \"kernel_info_request\", \"version\": \"5.3\"}", UUID.randomUUID(),
        Instant.now());
    String signature = signed ? JupyterSignature.sign(KEY, header, "{}", "{}", "{}") : "0".repeat(64);
    shell.sendMore("<IDS|MSG>");
    shell.sendMore(signature);
    shell.sendMore(header);
    shell.sendMore("{}");
    shell.sendMore("{}");
    shell.send("{}");
  }

}
