package faasrl.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The invoker's loop on a core of its own: real taskset calls on this machine's CPUs. */
class LoopCoreTest {
  @Test void linuxCpuListsAreRead() {
    assertThat(LoopCore.parseList("0-2,5")).containsExactly(0, 1, 2, 5);
    assertThat(LoopCore.parseList("3")).containsExactly(3);
    assertThat(LoopCore.allowedCpus()).isNotEmpty();
  }

  @Test void theLoopGetsTheLastCoreAndEveryThreadGetsAllBackOnClose() {
    List<Integer> before = LoopCore.allowedCpus();
    assumeTrue(before.size() >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset")), "needs 2 cores and taskset");
    String loop = LoopCore.loopThreadId();
    Optional<LoopCore> isolated = LoopCore.isolate();
    assertThat(isolated).isPresent();
    try (LoopCore core = isolated.get()) {
      assertThat(core.loopCpu()).isEqualTo(before.get(before.size() - 1));
      assertThat(LoopCore.allowedCpus("thread-self")).isEqualTo(LoopCore.parseList(core.otherCpus()));
      assertThat(LoopCore.allowedCpus("self/task/" + loop)).containsExactly(core.loopCpu());
      assertThat(core.othersPrefix()).containsExactly("/usr/bin/taskset", "-c", core.otherCpus());
    }
    assertThat(LoopCore.allowedCpus("thread-self")).isEqualTo(before);
    assertThat(LoopCore.allowedCpus("self/task/" + loop)).isEqualTo(before);
  }
}
