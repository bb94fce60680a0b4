package faasrl.jmh;

import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import faasrl.cluster.StepResult;
import faasrl.function.Catalog;
import faasrl.sim.SimBenchmark;
import faasrl.sim.SimulatedCluster;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulator's engine on the scenario of {@code faasrl bench sim} ({@link SimBenchmark}): one
 * step of nine online-shop functions at 1000 RPS each for 10 simulated seconds on a fresh, warm
 * cluster. Only {@code Cluster.run} is timed; building and deploying the cluster is per-invocation
 * set-up. Besides the time per step, the {@code requests} counter gives simulated requests (client
 * requests and downstream calls) per second.
 *
 * <pre>{@code
 * java -cp target/jmh/benchmarks.jar:target/faasrl.jar org.openjdk.jmh.Main SimEngine
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SimEngineBenchmark {
  private final Catalog shop = Catalog.onlineShop();
  private final Load load = Load.of(shop.names(), LoadPattern.poisson(SimBenchmark.RPS)).seconds(SimBenchmark.SECONDS);
  private SimulatedCluster cluster;

  /** Simulated requests, reported by JMH per second of measured time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Simulated {
    public long requests;

    @Setup(Level.Iteration)
    public void clear() {
      requests = 0;
    }
  }

  @Setup(Level.Invocation)
  public void deploy() {
    cluster = SimulatedCluster.builder().workers(SimBenchmark.WORKERS).seed(1).start();
    cluster.deploy(shop, SimBenchmark.CONFIG).awaitReady();
  }

  @TearDown(Level.Invocation)
  public void close() {
    cluster.close();
  }

  /** One 10-second step; its metrics go back to JMH so that nothing is optimised away. */
  @Benchmark
  public StepResult step(Simulated simulated) {
    StepResult r = cluster.run(load);
    for (FunctionMetrics m : r.functions().values()) {
      simulated.requests += m.issued();
    }
    return r;
  }
}
