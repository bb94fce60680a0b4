package faasrl.rl;

import static org.assertj.core.api.Assertions.assertThat;

import faasrl.notebook.KernelSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlasKernelsTest {
  private static final String AVX512 = "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw\n\n"
      + "processor\t: 1\nflags\t\t: fpu sse2 avx avx2 fma avx512f\n";

  @Test
  void aCpuWithAvx2AndFmaCanRunThePinnedKernels() {
    assertThat(BlasKernels.hasAvx2AndFma(AVX512)).isTrue();
    assertThat(BlasKernels.hasAvx2AndFma("flags\t\t: fpu sse2 avx2 fma\n")).isTrue();
  }

  @Test
  void aCpuWithoutEitherIsLeftToOpenBlas() {
    assertThat(BlasKernels.hasAvx2AndFma("flags\t\t: fpu sse2 avx fma\n")).isFalse();
    assertThat(BlasKernels.hasAvx2AndFma("flags\t\t: fpu sse2 avx2\n")).isFalse();
    assertThat(BlasKernels.hasAvx2AndFma("flags\t\t: fpu avx2_vnni fmax\n")).as("whole flags only").isFalse();
    assertThat(BlasKernels.hasAvx2AndFma("no flags line")).isFalse();
  }

  @Test
  void theJupyterKernelRunsOnTheKernelsThisMachineCanPin() {
    @SuppressWarnings("unchecked")
    Map<String, String> env = (Map<String, String>) KernelSpec.forCurrentJvm()
        .json().get("env");
    assertThat(env).containsEntry("OMP_NUM_THREADS", "1");
    String own = System.getenv(BlasKernels.VARIABLE);
    if (own != null && !own.isBlank()) {
      assertThat(env).containsEntry(BlasKernels.VARIABLE, own);
    } else if (BlasKernels.pinnable().isPresent()) {
      assertThat(env).containsEntry(BlasKernels.VARIABLE, BlasKernels.PINNED);
    } else {
      assertThat(env).doesNotContainKey(BlasKernels.VARIABLE);
    }
  }
}
