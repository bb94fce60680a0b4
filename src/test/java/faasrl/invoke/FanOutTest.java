package faasrl.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.cluster.Load;
import faasrl.cluster.LoadPattern;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step's invokers run together, one thread each, against real gRPC servers. */
class FanOutTest {
  @Test void loadsEveryFunctionOfTheStepAtOnce() throws Exception {
    try (CountingServer a = new CountingServer(0); CountingServer b = new CountingServer(0)) {
      Load load = Load.of("a", LoadPattern.constant(20)).and("b", LoadPattern.constant(10)).seconds(1)
          .deadline(Duration.ofSeconds(30));
      Map<String, Invoker> invokers = new LinkedHashMap<>();
      invokers.put("a", Invoker.builder().endpoints(a.endpoint()).step(load, "a").build());
      invokers.put("b", Invoker.builder().endpoints(b.endpoint()).step(load, "b").build());

      Map<String, InvokeResult> done = FanOut.start(invokers).join();

      assertThat(done).containsOnlyKeys("a", "b");
      assertThat(done.get("a").issued()).isBetween(18L, 22L);
      assertThat(done.get("b").issued()).isBetween(8L, 12L);
      assertThat(done.get("a").completed()).isEqualTo(done.get("a").issued());
    }
  }

  @Test void anInterruptedStepEndsEarly() throws Exception {
    try (CountingServer a = new CountingServer(0)) {
      Load load = Load.of("a", LoadPattern.constant(10)).seconds(600);
      FanOut step = FanOut.start(Map.of("a", Invoker.builder().endpoints(a.endpoint()).step(load, "a").build()));
      Thread.sleep(200);
      step.interrupt();
      InvokeResult r = step.results().get("a").get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(r.issued()).as("far fewer than the 6000 of the whole step").isLessThan(3000);
    }
  }
}
