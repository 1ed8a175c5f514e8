package io.envbook.kernel.jshell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without the kernelspec's {@code --add-exports} options: Java cells still run, all
 * through JShell, and the evaluator says why on stderr.
 */
class WithoutJavacExportsTest {
  /** Evaluates its arguments as cells and prints each value on a line. */
  public static void main(String[] cells) throws Exception {
    JShellEvaluator java = new JShellEvaluator();
    for (String cell : cells) {
      System.out.println(java.eval(cell));
    }
    System.out.println("direct cells: " + java.directCells());
    java.close();
  }

  @Test
  void cellsRunThroughJShellAndTheReasonIsGiven() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), WithoutJavacExportsTest.class.getName(),
        "int x = 2;", "x * 21", "System.out.println(\"printed\")")).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(out).contains("42", "printed", "direct cells: 0");
    assertThat(err).contains("Java cells run through JShell's slower pipeline only").contains("--add-exports");
  }
}
