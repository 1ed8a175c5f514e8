package io.envbook.kernel.groovy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Not a test: what a fresh kernel's first Groovy cells cost in CPU time, phase by phase. Run it in a
 * fresh JVM with the kernelspec's flags, once per cell kind:
 * {@code java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.1 -Xms64m -cp ... 
 * io.envbook.kernel.groovy.FirstCellsHarness new}. Prints cells 11-70's p50 and p90 in microseconds;
 * {@code -Dharness.each=true} also prints each cell's thread CPU, wall and process CPU time (the last in 10 ms ticks), which shows
 * whether a slow cell was the cell's own work or the machine's (wall far above thread CPU).
 */
public final class FirstCellsHarness {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final Map<String, IntFunction<String>> KINDS = Map.of(
      "same", i -> "1",
      "new", i -> "1 + " + i,
      "method", i -> "def twiceN" + i + "(x) { 2 * x + 1 }",
      "class", i -> "class Point" + i + " { int x; int y; int sum() { x + y } }",
      "import", i -> "import java.util.ArrayList as List" + i);
  private static final CompilePhase[] PHASES = {CompilePhase.CONVERSION, CompilePhase.SEMANTIC_ANALYSIS,
      CompilePhase.CANONICALIZATION, CompilePhase.INSTRUCTION_SELECTION, CompilePhase.CLASS_GENERATION};
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final Map<String, Long> marks = new LinkedHashMap<>();

  private FirstCellsHarness() {}

  public static void main(String[] args) throws Exception {
    long start = CPU.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    GroovyEvaluator evaluator = new GroovyEvaluator();
    long startCpu = CPU.getCurrentThreadCpuTime() - start;
    long startWall = System.nanoTime() - wall;
    for (CompilePhase phase : PHASES) {
      config(evaluator).addCompilationCustomizers(new CompilationCustomizer(phase) {
        @Override
        public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
          marks.putIfAbsent(phase.name(), CPU.getCurrentThreadCpuTime());
        }
      });
    }
    String kind = args[0];
    Map<String, List<Long>> times = new LinkedHashMap<>();
    String jfr = System.getProperty("harness.jfr");
    jdk.jfr.Recording recording = new jdk.jfr.Recording();
    recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1)).withStackTrace();
    long processCpu = 0;
    long threadCpu = 0;
    Map<String, Long> threadsAtStart = Map.of();
    int warm = Integer.getInteger("harness.warm", 10);
    for (int i = 0; i < warm + 60; i++) {
      if (i == warm) {
        threadsAtStart = threadTicks();
      }
      if (i == warm && jfr != null) {
        recording.start();
      }
      marks.clear();
      long p0 = PROCESS.getProcessCpuTime();
      long w0 = System.nanoTime();
      long t0 = CPU.getCurrentThreadCpuTime();
      evaluator.eval(KINDS.get(kind).apply(i));
      long t1 = CPU.getCurrentThreadCpuTime();
      long w1 = System.nanoTime();
      long p1 = PROCESS.getProcessCpuTime();
      if (i >= warm && Boolean.getBoolean("harness.each")) {
        System.out.println("  cell " + i + " thread " + (t1 - t0) / 1000 + " wall " + (w1 - w0) / 1000 + " process " + (p1 - p0) / 1000);
      }
      if (i >= warm) {
        times.computeIfAbsent("total", k -> new ArrayList<>()).add(t1 - t0);
        times.computeIfAbsent("wall", k -> new ArrayList<>()).add(w1 - w0);
        processCpu += p1 - p0;
        threadCpu += t1 - t0;
        long previous = t0;
        for (Map.Entry<String, Long> m : marks.entrySet()) {
          times.computeIfAbsent(m.getKey(), k -> new ArrayList<>()).add(m.getValue() - previous);
          previous = m.getValue();
        }
        if (!marks.isEmpty()) {
          times.computeIfAbsent("after", k -> new ArrayList<>()).add(t1 - previous);
        }
      }
    }
    Map<String, Long> threadsAtEnd = threadTicks();
    if (Boolean.getBoolean("harness.threads")) {
      for (Map.Entry<String, Long> t : threadsAtEnd.entrySet()) {
        long used = t.getValue() - threadsAtStart.getOrDefault(t.getKey(), 0L);
        if (used > 0) {
          System.out.println("  thread " + t.getKey() + " " + used * 10 + " ms");
        }
      }
    }
    if (jfr != null) {
      recording.dump(java.nio.file.Path.of(jfr));
    }
    StringBuilder out = new StringBuilder(kind + " start " + startCpu / 1000 + "us cpu " + startWall / 1000 + "us wall;");
    out.append(" process/cell ").append(processCpu / 60_000).append(" thread/cell ").append(threadCpu / 60_000).append(";");
    times.forEach((name, list) -> {
      long[] a = list.stream().mapToLong(Long::longValue).sorted().toArray();
      out.append(" ").append(name).append(" ").append(a[a.length / 2] / 1000).append("/").append(a[a.length * 9 / 10] / 1000);
    });
    System.out.println(out);
    System.exit(0);
  }

  /** Clock ticks (utime + stime) each thread of this process used, by thread name. */
  private static Map<String, Long> threadTicks() throws java.io.IOException {
    Map<String, Long> ticks = new java.util.TreeMap<>();
    try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
      for (java.nio.file.Path task : tasks.toList()) {
        String stat = java.nio.file.Files.readString(task.resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
      }
    }
    return ticks;
  }

  private static CompilerConfiguration config(GroovyEvaluator evaluator) throws ReflectiveOperationException {
    Field shell = GroovyEvaluator.class.getDeclaredField("shell");
    shell.setAccessible(true);
    Field config = groovy.lang.GroovyShell.class.getDeclaredField("config");
    config.setAccessible(true);
    return (CompilerConfiguration) config.get(shell.get(evaluator));
  }
}
