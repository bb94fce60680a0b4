package faasrl.local;

import faasrl.invoke.proto.GreeterGrpc;
import faasrl.invoke.proto.HelloRequest;
import faasrl.invoke.Endpoint;
import faasrl.invoke.InvokerLoop;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One replica of a function: a {@link FunctionServer} JVM that joins its own CPU cgroup before it
 * starts (so every thread it ever has is limited), and a channel to it kept open across steps.
 */
final class Replica {
  final String name;
  final ReplicaCgroup cgroup;
  private final Process process;
  private final Path log;
  private final long spawnedNanos;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private ManagedChannel channel;
  private Duration coldStart;

  private Replica(String name, ReplicaCgroup cgroup, Process process, Path log) {
    this.name = name;
    this.cgroup = cgroup;
    this.process = process;
    this.log = log;
    this.spawnedNanos = System.nanoTime();
  }

  /**
   * Spawns a replica in {@code cgroup} (already limited); call {@link #awaitReady} next. The shell
   * writes its own pid into the cgroup, then execs the JVM, so the JVM never runs outside it.
   */
  static Replica spawn(String name, ReplicaCgroup cgroup, List<String> javaCommand, List<String> serverArgs,
      Path logDir) {
    StringBuilder script = new StringBuilder();
    for (Path procs : cgroup.procsFiles()) {
      script.append("echo $$ > '").append(procs).append("' && ");
    }
    script.append("exec \"$@\"");
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", script.toString(), "sh"));
    cmd.addAll(javaCommand);
    cmd.add(FunctionServer.class.getName());
    cmd.add(FunctionServer.EXIT_AT_STDIN_EOF); // stdin stays a pipe from this JVM: the replica ends with it
    cmd.addAll(serverArgs);
    Path log = logDir.resolve(name + ".log");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false)
          .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
      Replica r = new Replica(name, cgroup, p, log);
      Thread reader = new Thread(r::readStdout, "replica-" + name + "-stdout");
      reader.setDaemon(true);
      reader.start();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start replica " + name + ": " + e.getMessage(), e);
    }
  }

  private void readStdout() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!port.isDone() && line.startsWith(FunctionServer.READY_LINE)) {
          port.complete(Integer.parseInt(line.substring(FunctionServer.READY_LINE.length()).trim()));
        }
      }
    } catch (IOException | RuntimeException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new IllegalStateException("replica " + name + " exited"));
  }

  /**
   * Waits until the replica answers a SayHello (a readiness probe); the time from spawn to then is
   * its cold start.
   *
   * @throws IllegalStateException with the replica's log when it does not get ready in time
   */
  void awaitReady(Duration timeout) {
    long until = spawnedNanos + timeout.toNanos();
    try {
      int p = port.get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      channel = InvokerLoop.channel(Endpoint.parse("127.0.0.1:" + p));
      while (true) {
        try {
          GreeterGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
              .sayHello(HelloRequest.newBuilder().setName("probe").build());
          coldStart = Duration.ofNanos(System.nanoTime() - spawnedNanos);
          return;
        } catch (StatusRuntimeException e) {
          if (!process.isAlive()) {
            throw new ExecutionException(new IllegalStateException("it exited"));
          }
          if (System.nanoTime() > until) {
            throw new TimeoutException("no answer to the readiness probe: " + e.getStatus());
          }
          Thread.sleep(10);
        }
      }
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException("replica " + name + " did not get ready within " + timeout.toMillis()
          + " ms (" + e.getMessage() + "); its log: " + logTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting replica " + name, e);
    }
  }

  ManagedChannel channel() {
    return channel;
  }

  int port() {
    return port.getNow(-1);
  }

  long pid() {
    return process.pid();
  }

  Duration coldStart() {
    return coldStart;
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * Stops the process (SIGTERM, then SIGKILL after {@code grace}; at once for a zero grace) and
   * removes its cgroup.
   */
  void stop(Duration grace) {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (grace.isZero()) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    cgroup.delete();
  }

  private String logTail() {
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return lines.isEmpty() ? "(empty)" : lines.stream().skip(Math.max(0, lines.size() - 10))
          .collect(Collectors.joining(" | "));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
