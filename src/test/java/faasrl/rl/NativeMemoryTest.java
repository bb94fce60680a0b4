package faasrl.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
  @Test
  void anAgentTurnsJavaCppsResidentSizeCheckOffBeforeNd4jLoads() {
    DqnAgent.builder();   // initialises DqnAgent, as any use of the agents does
    assertEquals("0", System.getProperty(NativeMemory.MAX_PHYSICAL_BYTES));
    assertEquals(0, Pointer.maxPhysicalBytes(), "JavaCPP read the setting when it loaded");
  }

  @Test
  void aUsersOwnSettingIsKept() {
    String before = System.getProperty(NativeMemory.MAX_PHYSICAL_BYTES);
    try {
      System.setProperty(NativeMemory.MAX_PHYSICAL_BYTES, "12345");
      NativeMemory.configure();
      assertEquals("12345", System.getProperty(NativeMemory.MAX_PHYSICAL_BYTES));
    } finally {
      System.setProperty(NativeMemory.MAX_PHYSICAL_BYTES, before == null ? "0" : before);
    }
  }
}
