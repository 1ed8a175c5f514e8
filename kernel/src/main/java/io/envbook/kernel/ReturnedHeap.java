package io.envbook.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Gives the operating system back the heap a warm-up grew. A kernel warms the JIT up by running
 * scratch cells in a second session while its own session is already live; the heap grows to hold
 * both, and the serial collector would keep that size. After the warm-up one full collection, with
 * the free-ratio limits lowered for it, shrinks the heap to what the kernel's own session holds
 * (Java kernel RSS after 70 cells: 179 to 164 MB; about 70 ms, before the first cell). Needs
 * {@code -XX:-ShrinkHeapInSteps}, which the kernelspec passes, to shrink in one collection.
 *
 * <pre>{@code
 * warmUpInScratchSession();
 * ReturnedHeap.afterWarmUp();
 * }</pre>
 */
public final class ReturnedHeap {
  private ReturnedHeap() {}

  /** A full collection that keeps at most 10% of the heap free; the JVM's limits are restored after it. */
  public static void afterWarmUp() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    String min = vm.getVMOption("MinHeapFreeRatio").getValue();
    String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
    try {
      vm.setVMOption("MinHeapFreeRatio", "0");
      vm.setVMOption("MaxHeapFreeRatio", "10");
      System.gc();
    } catch (IllegalArgumentException e) {
      System.gc(); // a JVM that does not let these be set: collect anyway
    } finally {
      vm.setVMOption("MaxHeapFreeRatio", max);
      vm.setVMOption("MinHeapFreeRatio", min);
    }
  }
}
