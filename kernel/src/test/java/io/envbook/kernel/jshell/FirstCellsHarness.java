package io.envbook.kernel.jshell;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not a test: the first cells of a fresh Java kernel in this JVM (run it with the kernelspec's
 * flags), 10 warm-up cells then 60 timed cells of one kind, reporting CPU time rather than wall time
 * (the machine is shared). Prints start-up CPU, per-cell thread CPU p50/p90, process CPU over the
 * 60 cells, heap after a full GC and RSS.
 *
 * <pre>
 * java -XX:+UseSerialGC ... -cp envbook.jar:kernel/target/test-classes io.envbook.kernel.jshell.FirstCellsHarness method
 * </pre>
 */
public final class FirstCellsHarness {
  private static final String[] JAVA_UTIL = {"AbstractCollection", "AbstractList", "AbstractMap", "AbstractQueue",
      "AbstractSequentialList", "AbstractSet", "ArrayDeque", "ArrayList", "Arrays", "Base64", "BitSet", "Calendar", "Collections",
      "Currency", "Date", "Dictionary", "DoubleSummaryStatistics", "EnumMap", "EnumSet", "EventListenerProxy", "EventObject",
      "FormattableFlags", "Formatter", "GregorianCalendar", "HashMap", "HashSet", "Hashtable", "HexFormat", "IdentityHashMap",
      "IntSummaryStatistics", "LinkedHashMap", "LinkedHashSet", "LinkedList", "ListResourceBundle", "Locale", "LongSummaryStatistics",
      "Objects", "Observable", "Optional", "OptionalDouble", "OptionalInt", "OptionalLong", "PriorityQueue", "Properties",
      "PropertyPermission", "PropertyResourceBundle", "Random", "ResourceBundle", "Scanner", "ServiceLoader", "SimpleTimeZone",
      "SplittableRandom", "Stack", "StringJoiner", "StringTokenizer", "Timer", "TimerTask", "TimeZone", "TreeMap", "TreeSet",
      "UUID", "Vector", "WeakHashMap", "AbstractMap.SimpleEntry", "Map.Entry", "Spliterators", "Comparator", "Iterator",
      "Collection", "Deque"};

  private FirstCellsHarness() {}

  static String cell(String kind, int i) {
    return switch (kind) {
      case "same" -> "1 + 1";
      case "new" -> "1 + " + i;
      case "method" -> "int twiceN" + i + "(int x) { return 2 * x + 1; }";
      case "class" -> "class Point" + i + " { int x; int y; int sum() { return x + y; } }";
      case "import" -> "import java.util." + JAVA_UTIL[i] + ";";
      default -> throw new IllegalArgumentException("no cell kind " + kind + ": same, new, method, class or import");
    };
  }

  public static void main(String[] args) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long t0 = threads.getCurrentThreadCpuTime();
    long p0 = os.getProcessCpuTime();
    JShellEvaluator java = new JShellEvaluator();
    long startThread = threads.getCurrentThreadCpuTime() - t0;
    long startProcess = os.getProcessCpuTime() - p0;
    String kind = args[0];
    for (int i = 0; i < 10; i++) {
      java.eval(cell(kind, i));
    }
    List<Long> times = new ArrayList<>();
    long p1 = os.getProcessCpuTime();
    for (int i = 10; i < 70; i++) {
      long t = threads.getCurrentThreadCpuTime();
      java.eval(cell(kind, i));
      times.add(threads.getCurrentThreadCpuTime() - t);
    }
    long cellsProcess = os.getProcessCpuTime() - p1;
    List<Long> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    System.gc();
    long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS")).findFirst().orElse("?");
    System.out.printf("%s start %.0f/%.0f ms  cell p50 %.2f p90 %.2f ms  60 cells process %.0f ms  heap %.1f MB  %s  direct %d%n", kind,
        startThread / 1e6, startProcess / 1e6, sorted.get(29) / 1e6, sorted.get(53) / 1e6, cellsProcess / 1e6, heap / 1e6,
        rss.replaceAll("\\s+", " "), java.directCells());
    java.close();
  }
}
