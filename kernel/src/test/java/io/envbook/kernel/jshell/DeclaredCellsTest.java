package io.envbook.kernel.jshell;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.kernel.Evaluator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cells of only new methods are declared without JShell's eval, and JShell learns
 * them before it next evaluates, completes or inspects: the session behaves as if JShell had
 * declared them itself.
 */
class DeclaredCellsTest {
  private JShellEvaluator java;

  @BeforeEach
  void start() {
    java = new JShellEvaluator();
  }

  @AfterEach
  void stop() {
    java.close();
  }

  @Test
  void aNewMethodIsCalledByDirectCellsAndByCellsJShellRuns() throws Exception {
    assertThat(java.eval("int twice(int x) { return 2 * x; }\nint thrice(int x) { return 3 * x; }")).isSameAs(Evaluator.NO_RESULT);
    assertThat(java.declaredCells()).isEqualTo(1);

    assertThat(java.eval("twice(4) + thrice(1)")).isEqualTo("11");
    assertThat(java.eval("int six = twice(3); six")).as("a declaring cell, on JShell").isEqualTo("6");
    assertThat(java.eval("twice(six)")).isEqualTo("12");
  }

  @Test
  void aMethodCallingAnEarlierOneSeesItsRedefinition() throws Exception {
    java.eval("String inner() { return \"first\"; }");
    java.eval("String outer() { return inner() + \"!\"; }");
    assertThat(java.eval("outer()")).isEqualTo("first!");

    java.eval("String inner() { return \"second\"; }");

    assertThat(java.declaredCells()).as("the redefinition is JShell's").isEqualTo(2);
    assertThat(java.eval("outer()")).isEqualTo("second!");
  }

  @Test
  void aMethodReadingAVariableReadsItsRedefinition() throws Exception {
    java.eval("int base = 10;");
    java.eval("int plusBase(int x) { return x + base; }");
    assertThat(java.eval("plusBase(1)")).isEqualTo("11");

    java.eval("int base = 20;");

    assertThat(java.declaredCells()).isEqualTo(1);
    assertThat(java.eval("plusBase(1)")).isEqualTo("21");
  }

  @Test
  void aMethodNamingWhatIsNotDeclaredYetWaitsForItAsInJShell() throws Exception {
    java.eval("int later() { return sooner() + 1; }");
    java.eval("int sooner() { return 41; }");

    assertThat(java.declaredCells()).isZero();
    assertThat(java.eval("later()")).isEqualTo("42");
  }

  @Test
  void anExceptionInAMethodDeclaredWithoutJShellNamesTheMethodAndItsLine() {
    catchThrowable("int ratio(int x) {\n  return 10 / x;\n}");

    Evaluator.ErrorReport report = java.describe(catchThrowable("System.out.print(\"\");\nratio(0)"));

    assertThat(java.declaredCells()).isEqualTo(1);
    assertThat(report.traceback()).containsExactly("ArithmeticException: / by zero",
        "    at ratio, line 2 of the cell that declared it", "    at line 2 of the cell");
  }

  @Test
  void completionAndInspectionKnowAMethodDeclaredWithoutJShell() throws Exception {
    java.eval("int squareOf(int x) { return x * x; }");

    assertThat(java.complete("squareO", 7).matches()).contains("squareOf(");
    assertThat((String) java.inspect("squareOf(", 9).get("text/plain")).contains("int squareOf(int x)");
  }

  @Test
  void aLoopInAMethodDeclaredWithoutJShellStopsOnInterrupt() throws Exception {
    java.eval("void spin() { while (true) {} }");
    Thread[] cellThread = new Thread[1];
    CompletableFuture<Throwable> cell = CompletableFuture.supplyAsync(() -> {
      cellThread[0] = Thread.currentThread();
      return catchThrowable("spin()");
    });
    Thread.sleep(300);
    java.interrupt(cellThread[0]);

    assertThat(java.describe(cell.get(10, TimeUnit.SECONDS)).ename()).isEqualTo("Interrupted");
    assertThat(java.declaredCells()).isEqualTo(1);
    assertThat(java.eval("1 + 1")).isEqualTo("2");
  }

  private Throwable catchThrowable(String cell) {
    try {
      java.eval(cell);
      return null;
    } catch (Exception e) {
      return e;
    }
  }
}
