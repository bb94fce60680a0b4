package faasrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.function.FunctionSpec;
import faasrl.function.FunctionSpecReader;
import faasrl.local.FunctionServer;
import faasrl.local.shop.Downstream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** invoke, bench invoker and calibrate from the command line, against real servers on 127.0.0.1. */
class LocalCommandsTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter(), err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void invokePrintsARowTheVhiveLinesAndTheLatencyFile(@TempDir Path dir) {
    try (FunctionServer server = FunctionServer.start("noop", 0, 0, Downstream.none())) {
      Path lat = dir.resolve("lat.txt");
      // a generous deadline: every request is answered in time even on a busy machine
      Run r = run("invoke", "--endpoint", "127.0.0.1:" + server.port(), "--rps", "200", "--seconds", "1",
          "--deadline-ms", "30000", "--vhive", "--latency-file", lat.toString(), "--format", "csv");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("Issued / completed requests: 200, 200").contains("Real / target RPS: 200.00 / 200");
      List<String> lines = r.out().lines().toList();
      assertThat(lines.get(2)).startsWith("time_s,function,");
      assertThat(lines.get(3)).contains(",invoke,").contains(",200,200,0,0,");
      assertThat(Files.readAllLines(lat)).hasSize(200);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void invokeRejectsBadInputWithOneMessage() {
    Run r = run("invoke", "--endpoint", "127.0.0.1:1", "--seconds", "1");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("--rps");
    Run bad = run("invoke", "--endpoint", "nohostport", "--rps", "10", "--seconds", "1");
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains("host:port");
  }

  @Test
  void invokeRefusesAnEndpointWhereNothingListensBeforeSendingLoad() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    Run r = run("invoke", "--endpoint", "127.0.0.1:" + closedPort, "--rps", "10", "--seconds", "30");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("nothing accepts connections at --endpoint 127.0.0.1:" + closedPort);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.out()).isEmpty();
    assertThat(System.nanoTime() - t0).as("refused before the 30 s of load").isLessThan(25_000_000_000L);
    Run bench = run("bench", "invoker", "--endpoint", "127.0.0.1:" + closedPort, "--seconds", "1");
    assertThat(bench.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bench.err()).contains("nothing accepts connections at --endpoint 127.0.0.1:" + closedPort);
  }

  @Test
  void invokeOnTheLocalBackendDeploysAndLoadsTheFunction() {
    Run r = run("invoke", "--backend", "local", "--function", "shippingservice", "--cpu", "500", "--rps", "100",
        "--seconds", "1", "--format", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    String row = r.out().lines().toList().get(1);
    assertThat(row).contains(",shippingservice,500,1,");
  }

  @Test
  void simulateRunsOnTheLocalBackendWhenAsked() {
    Run r = run("simulate", "--backend", "local", "--function", "paymentservice", "--cpu", "300", "--rps", "100",
        "--seconds", "1", "--format", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    String row = r.out().lines().toList().get(1);
    assertThat(row).contains(",paymentservice,300,1,");
    Run bad = run("simulate", "--backend", "cloud", "--function", "paymentservice", "--rps", "1");
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains("--backend must be one of sim|local|knative, was 'cloud'");
  }

  @Test
  void benchInvokerEndsWithItsFigure() {
    long children = ProcessHandle.current().children().count();
    String cpus = allowedCpus();
    Run r = run("bench", "invoker", "--seconds", "0.5", "--max-rps", "1000");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count())
        .as("the no-op server process is gone").isEqualTo(children);
    assertThat(allowedCpus()).as("every core given back to this JVM's threads").isEqualTo(cpus);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("pinning: ");
    assertThat(lines.get(1)).startsWith("rps=1000 achieved=");
    String last = lines.get(lines.size() - 1);
    assertThat(last).matches("max_open_loop_rps=\\d+");
    assertThat(Integer.parseInt(last.substring(last.indexOf('=') + 1))).isBetween(0, 1000);
  }

  @Test
  void benchInvokerRefusesAnUnknownPeerBeforeStartingAnything() {
    assertRefusedBeforeStartingAnything("--peer must be h2load, was 'wrk'",
        "bench", "invoker", "--peer", "wrk", "--seconds", "0.5");
  }

  @Test
  void benchInvokerRefusesAnUnknownClientBeforeStartingAnything() {
    assertRefusedBeforeStartingAnything("--client must be frames or grpc-java, was 'okhttp'",
        "bench", "invoker", "--client", "okhttp", "--seconds", "0.5");
  }

  @Test
  void benchInvokerRefusesARateOutOfRangeBeforeStartingAnything() {
    assertRefusedBeforeStartingAnything("bench rates must be 1..1000000, was 0",
        "bench", "invoker", "--rates", "10000,0", "--seconds", "0.5");
  }

  /** The CPUs this thread may run on, as Linux lists them. */
  private static String allowedCpus() {
    try {
      return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
          .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Exit 2 with one message naming what was wrong, nothing printed and no server process left. */
  private static void assertRefusedBeforeStartingAnything(String error, String... args) {
    long children = ProcessHandle.current().children().count();
    Run r = run(args);
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains(error);
    assertThat(r.out()).isEmpty();
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isEqualTo(children);
  }

  @Test
  void calibratePrintsPointsAndAProfileTheReaderAccepts(@TempDir Path dir) {
    Path out = dir.resolve("shipping.yaml");
    Run r = run("calibrate", "--function", "shippingservice", "--loads", "50,150", "--seconds", "1",
        "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("rps=50 ").contains("rps=150 ");
    FunctionSpec fitted = FunctionSpecReader.read(out).get(0);
    assertThat(fitted.name()).isEqualTo("shippingservice");
    assertThat(fitted.cpu().mean()).isBetween(20.0, 5_000.0);
    assertThat(fitted.coldStart().toMillis()).isPositive();
  }

  @Test
  void backendOptionsStartEachBackendByNameAndRejectBadOnesBeforeAnyWork() {
    for (String name : List.of("sim", "local")) {
      try (var c = CommandLine.populateCommand(new BackendOptions(), "--backend", name).start(1)) {
        assertThat(c.backend()).isEqualTo(name);
      }
    }
    Map<String, List<String>> commands = Map.of("simulate", List.of("--function", "adservice", "--rps", "1"),
        "sweep", List.of("--function", "adservice", "--rps", "100,200"),
        "invoke", List.of("--function", "adservice", "--rps", "1", "--seconds", "1"),
        "train", List.of("--out", "unused"), "evaluate", List.of("--agent", "hpa", "--out", "unused"),
        "reproduce", List.of("--out", "unused"));
    for (var command : commands.entrySet()) {
      Run cloud = run(args(command, "cloud"));
      assertThat(cloud.code()).as(command.getKey() + ": " + cloud.err()).isEqualTo(Main.BAD_INPUT);
      assertThat(cloud.err()).as(command.getKey())
          .isEqualTo("faasrl: --backend must be one of sim|local|knative, was 'cloud'" + System.lineSeparator());
      Run knative = run(args(command, "knative"));
      assertThat(knative.code()).as(command.getKey()).isEqualTo(Main.BAD_INPUT);
      assertThat(knative.err()).as(command.getKey()).contains("needs --kubeconfig FILE").hasLineCount(1);
    }
    assertThat(Files.exists(Path.of("unused"))).isFalse();
  }

  private static String[] args(Map.Entry<String, List<String>> command, String backend) {
    List<String> all = new ArrayList<>(List.of(command.getKey(), "--backend", backend));
    all.addAll(command.getValue());
    return all.toArray(String[]::new);
  }

  @Test
  void trainRunsTheDqnOnTheLocalBackendAndWritesItsFigures(@TempDir Path dir) throws Exception {
    Run r = run("train", "--backend", "local", "--steps", "2", "--step-seconds", "1", "--out", dir.toString(),
        "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("trained: 2 steps");
    assertThat(Files.readAllLines(dir.resolve("steps.csv"))).hasSize(3);
    assertThat(dir.resolve("figures/cpu_m.html")).isNotEmptyFile();
    assertThat(dir.resolve("figures/p90_us.html")).isNotEmptyFile();
    assertThat(dir.resolve("figures/reward.html")).isNotEmptyFile();
  }
}
