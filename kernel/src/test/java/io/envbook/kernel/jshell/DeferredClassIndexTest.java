package io.envbook.kernel.jshell;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * JShell's class index is built at the first completion, not while the first cells run; package names
 * still complete in a fresh session. Each case runs in its own JVM: the index is one per JVM.
 */
class DeferredClassIndexTest {
  /** Runs a few cells, then completes {@code import java.ut}; prints whether JShell had indexed before and after. */
  public static void main(String[] args) throws Exception {
    JShellEvaluator java = new JShellEvaluator();
    for (int i = 0; i < 5; i++) {
      java.eval("int x" + i + " = " + i + ";");
    }
    Thread.sleep(1500); // JShell's indexer, when not held, finishes well within this on a 2-core machine
    System.out.println("indexed before completion: " + indexed(java));
    System.out.println("completions: " + java.complete("import java.ut", 14).matches());
    System.out.println("indexed after completion: " + indexed(java));
    java.close();
  }

  /** "true" once JShell has built its index, "unknown" where its internals are closed to reflection. */
  private static String indexed(JShellEvaluator java) throws ReflectiveOperationException {
    Field f = JShellEvaluator.class.getDeclaredField("analysis");
    f.setAccessible(true);
    SourceCodeAnalysis analysis = (SourceCodeAnalysis) f.get(java);
    try {
      Field version = analysis.getClass().getDeclaredField("indexVersion");
      version.setAccessible(true);
      return String.valueOf((int) version.get(analysis) > 0);
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  @Test
  void theIndexWaitsForTheFirstCompletionWhichStillFindsPackages() throws Exception {
    String out = run(true);

    assertThat(out).contains("indexed before completion: false", "completions: [util.]", "indexed after completion: true");
  }

  @Test
  void withoutTheOpenPackageJShellIndexesAtOnceAsBefore() throws Exception {
    String out = run(false);

    assertThat(out).contains("indexed before completion: unknown", "completions: [util.]");
  }

  /** This class's main in a JVM with the javac exports, and jdk.jshell opened or not; its output. */
  private static String run(boolean opened) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED"));
    if (opened) {
      command.add("--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), DeferredClassIndexTest.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
