package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The kernel process from {@code target/faasrl.jar} against a real ZeroMQ client (jeromq, as
 * jupyter_client speaks it): a message with a bad HMAC signature is dropped and logged and the
 * kernel keeps answering; a kernel whose {@code JPY_PARENT_PID} dies exits within 20 s.
 */
class KernelProcessIT {
  static final Path JAR = Path.of("target", "faasrl.jar").toAbsolutePath();
  static final String KEY = "faasrl-test-key";

  record Kernel(Process process, int shellPort, Path stderr) {}

  private static Kernel start(Path dir, Long parentPid) throws Exception {
    int[] ports = new int[5];
    for (int i = 0; i < ports.length; i++) {
      try (ServerSocket s = new ServerSocket(0)) {
        ports[i] = s.getLocalPort();
      }
    }
    Path conn = Files.writeString(dir.resolve("connection.json"), String.format("{\"transport\": \"tcp\", "
        + "\"ip\": \"127.0.0.1\", \"shell_port\": %d, \"iopub_port\": %d, \"stdin_port\": %d, \"control_port\": %d, "
        + "\"hb_port\": %d, \"key\": \"%s\", \"signature_scheme\": \"hmac-sha256\"}",
        ports[0], ports[1], ports[2], ports[3], ports[4], KEY));
    Path err = dir.resolve("kernel.err");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", JAR.toString(), "faasrl.notebook.KernelMain", conn.toString())
        .redirectOutput(dir.resolve("kernel.out").toFile()).redirectError(err.toFile());
    pb.environment().remove("JPY_PARENT_PID");
    if (parentPid != null) {
      pb.environment().put("JPY_PARENT_PID", Long.toString(parentPid));
    }
    return new Kernel(pb.start(), ports[0], err);
  }

  private static void send(ZMQ.Socket shell, String type, boolean goodSignature) throws Exception {
    String header = String.format("{\"msg_id\": \"%s\", \"username\": \"test\", \"session\": \"s1\", \"date\": \"%s\", "
        + "\"msg_type\": \"%s\", \"version\": \"5.3\"}", UUID.randomUUID(), Instant.now(), type);
    String parent = "{}";
    String metadata = "{}";
    String content = "{}";
    String signature = goodSignature ? JupyterSignature.sign(KEY, header, parent, metadata, content) : "0".repeat(64);
    shell.sendMore("<IDS|MSG>");
    shell.sendMore(signature);
    shell.sendMore(header);
    shell.sendMore(parent);
    shell.sendMore(metadata);
    shell.send(content);
  }

  /** The header of the next message on {@code shell}, or null after {@code timeoutMs}. */
  private static JsonNode receiveHeader(ZMQ.Socket shell, long timeoutMs) throws Exception {
    shell.setReceiveTimeOut((int) timeoutMs);
    List<String> frames = new ArrayList<>();
    String f;
    while ((f = shell.recvStr()) != null) {
      frames.add(f);
      if (!shell.hasReceiveMore()) {
        break;
      }
    }
    int delim = frames.indexOf("<IDS|MSG>");
    return delim < 0 ? null : new ObjectMapper().readTree(frames.get(delim + 2));
  }

  @Test void aMessageWithABadSignatureIsDroppedAndTheKernelKeepsServing(@TempDir Path dir) throws Exception {
    Kernel k = start(dir, null);
    try (ZContext ctx = new ZContext()) {
      ZMQ.Socket shell = ctx.createSocket(SocketType.DEALER);
      shell.setReconnectIVL(1); // connect within a millisecond of the kernel's bind
      shell.connect("tcp://127.0.0.1:" + k.shellPort());
      // queued before the kernel binds: the forged message reaches the shell loop in its first
      // milliseconds, the signed one after it is answered once the kernel serves
      send(shell, "kernel_info_request", false);
      send(shell, "kernel_info_request", true);
      assertThat(receiveHeader(shell, 120_000)).as("kernel up and serving after a forged first message; stderr:\n%s",
          Files.readString(k.stderr())).isNotNull();
      send(shell, "kernel_info_request", false);
      send(shell, "kernel_info_request", true);
      JsonNode reply = receiveHeader(shell, 60_000);
      assertThat(reply).as("a reply to the signed request after the forged one; kernel stderr:\n%s",
          Files.readString(k.stderr())).isNotNull();
      assertThat(reply.get("msg_type").asText()).isEqualTo("kernel_info_reply");
      assertThat(receiveHeader(shell, 2_000)).as("the forged request got no reply").isNull();
      assertThat(k.process().isAlive()).isTrue();
      assertThat(Files.readString(k.stderr())).contains("dropped a message on the shell channel: bad HMAC signature");
    } finally {
      k.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test void exitsWithinTwentySecondsOfItsParentsDeath(@TempDir Path dir) throws Exception {
    Process parent = new ProcessBuilder("sleep", "600").start();
    Kernel k = start(dir, parent.pid());
    try (ZContext ctx = new ZContext()) {
      // wait until the kernel serves, so the watch is surely in place
      ZMQ.Socket shell = ctx.createSocket(SocketType.DEALER);
      shell.connect("tcp://127.0.0.1:" + k.shellPort());
      send(shell, "kernel_info_request", true);
      assertThat(receiveHeader(shell, 120_000)).as("kernel up; stderr:\n%s", Files.readString(k.stderr())).isNotNull();
      parent.destroyForcibly().waitFor();
      long t0 = System.nanoTime();
      boolean exited = k.process().waitFor(20, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(exited).as("kernel still running 20 s after its parent died; stderr:\n%s",
          Files.readString(k.stderr())).isTrue();
      System.out.printf("kernel exited %.1f s after its parent%n", seconds);
      assertThat(Files.readString(k.stderr())).contains("parent process " + parent.pid());
    } finally {
      parent.destroyForcibly();
      k.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
