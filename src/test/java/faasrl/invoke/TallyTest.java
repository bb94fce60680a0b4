package faasrl.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The lock-free tally: writers on several threads, a reader swapping intervals, no count lost. */
class TallyTest {
  private static final int REPLY_THREADS = 4;
  private static final int PER_THREAD = 100_000;

  @Test
  void concurrentWritersAndAReaderLoseNoCount() throws Exception {
    Tally tally = new Tally(false);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    // the one sending thread
    writers.add(new Thread(() -> {
      await(go);
      for (int i = 0; i < REPLY_THREADS * PER_THREAD; i++) {
        tally.issued(i % 5_000 * 1_000L);
      }
    }));
    for (int w = 0; w < REPLY_THREADS; w++) {
      int id = w;
      writers.add(new Thread(() -> {
        await(go);
        for (int i = 0; i < PER_THREAD; i++) {
          switch (i % 10) {
            case 0 -> tally.timedOut();
            case 1 -> tally.error();
            default -> tally.completed(100 + id);
          }
        }
      }));
    }
    writers.forEach(Thread::start);
    AtomicBoolean writing = new AtomicBoolean(true);
    long reads = 0, lastCompleted = 0;
    go.countDown();
    while (writing.get()) {
      Tally.Totals t = tally.read();
      reads++;
      assertThat(t.completed()).as("running totals never go back").isGreaterThanOrEqualTo(lastCompleted);
      assertThat(t.latency().getTotalCount()).isEqualTo(t.completed());
      lastCompleted = t.completed();
      writing.set(writers.stream().anyMatch(Thread::isAlive));
    }
    for (Thread t : writers) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }

    InvokeResult r = tally.freeze(InvokeResult.builder(1, REPLY_THREADS * PER_THREAD));
    long total = (long) REPLY_THREADS * PER_THREAD;
    assertThat(reads).isPositive();
    assertThat(r.issued()).isEqualTo(total);
    assertThat(r.sendLag().getTotalCount()).isEqualTo(total);
    assertThat(r.completed()).isEqualTo(total * 8 / 10);
    assertThat(r.latency().getTotalCount()).isEqualTo(r.completed());
    assertThat(r.timedOut()).isEqualTo(total / 10);
    assertThat(r.errors()).isEqualTo(total / 10);
    assertThat(r.latency().getMinValue()).isEqualTo(100);
    assertThat(r.latency().getMaxValue()).isEqualTo(100 + REPLY_THREADS - 1);
  }

  @Test
  void aFrozenTallyIgnoresLateReplies() {
    Tally tally = new Tally(true);
    tally.issued(0);
    tally.issued(0);
    tally.completed(500);
    InvokeResult r = tally.freeze(InvokeResult.builder(1, 2));
    tally.completed(700);
    tally.error();
    assertThat(r.completed()).isEqualTo(1);
    assertThat(r.inFlight()).isEqualTo(1);
    assertThat(r.latenciesMicros()).containsExactly(500);
    assertThat(tally.read().completed()).as("nothing recorded after freezing").isEqualTo(1);
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
