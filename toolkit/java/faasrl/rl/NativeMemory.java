package faasrl.rl;

/**
 * JavaCPP settings for the agents' small networks, applied before ND4J first loads.
 *
 * <p>By default JavaCPP reads the process's resident size ({@code /proc/self/statm}) under a
 * global lock on every native allocation, to enforce {@code org.bytedeco.javacpp.maxPhysicalBytes}.
 * A 64-64 network allocates a few buffers per operation, so that check took about a fifth of all
 * samples in a profile of {@code reproduce --quick} and serialised the parallel seeds. The agents turn
 * it off unless the user set the property; the off-heap limit ({@code maxBytes}) still holds.
 */
final class NativeMemory {
  static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

  private NativeMemory() {}

  /** Turns the resident-size check off unless set; has no effect once JavaCPP has loaded. */
  static void configure() {
    if (System.getProperty(MAX_PHYSICAL_BYTES) == null && System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
      System.setProperty(MAX_PHYSICAL_BYTES, "0");
    }
  }
}
