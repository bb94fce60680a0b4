package faasrl.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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

  @Test void theLoopGetsTheLastCoreAndEveryThreadGetsAllBackOnClose() throws IOException {
    List<Integer> before = LoopCore.allowedCpus();
    assumeTrue(before.size() >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset")), "needs 2 cores and taskset");
    String loop = LoopCore.loopThreadId();
    Optional<LoopCore> isolated = LoopCore.isolate();
    assertThat(isolated).isPresent();
    try (LoopCore core = isolated.get()) {
      assertThat(core.loopCpu()).isEqualTo(before.get(before.size() - 1));
      assertThat(allowed("thread-self")).isEqualTo(LoopCore.parseList(core.otherCpus()));
      assertThat(allowed("self/task/" + loop)).containsExactly(core.loopCpu());
      assertThat(core.othersPrefix()).containsExactly("/usr/bin/taskset", "-c", core.otherCpus());
    }
    assertThat(allowed("thread-self")).isEqualTo(before);
    assertThat(allowed("self/task/" + loop)).isEqualTo(before);
  }

  private static List<Integer> allowed(String procPath) throws IOException {
    String line = Files.readAllLines(Path.of("/proc", procPath, "status")).stream()
        .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
    return LoopCore.parseList(line.substring(line.indexOf(':') + 1).trim());
  }
}
