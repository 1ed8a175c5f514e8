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

  @Test
  void anImportIsSeenByDirectCellsByCellsJShellRunsAndByCompletion() throws Exception {
    assertThat(java.eval("import java.util.concurrent.atomic.AtomicInteger;")).isSameAs(Evaluator.NO_RESULT);
    assertThat(java.eval("import static java.lang.Math.floorMod;")).isSameAs(Evaluator.NO_RESULT);
    assertThat(java.declaredCells()).isEqualTo(2);

    assertThat(java.eval("new AtomicInteger(4).incrementAndGet() + floorMod(-1, 3)")).isEqualTo("7");
    assertThat(java.complete("AtomicInt", 9).matches()).contains("AtomicInteger");
    assertThat(java.eval("class Counter { AtomicInteger n = new AtomicInteger(floorMod(-2, 3)); }")).isSameAs(Evaluator.NO_RESULT);
    assertThat(java.eval("new Counter().n.get()")).isEqualTo("1");
    assertThat(java.eval("AtomicInteger counted = new AtomicInteger(9); counted.get()")).isEqualTo("9");
  }

  @Test
  void anImportThatDoesNotResolveFailsAsOnJShell() {
    Evaluator.ErrorReport report = java.describe(catchThrowable("import java.util.NoSuchThing;"));

    assertThat(java.declaredCells()).isZero();
    assertThat(report.ename()).isEqualTo("CompilationError");
    assertThat(String.join("\n", report.traceback())).contains("cannot find symbol").contains("NoSuchThing");
  }

  @Test
  void anImportOfANameTheSessionHasGoesToJShell() throws Exception {
    run("import java.util.List;", "int floorMod(int x, int y) { return 0; }", "import static java.lang.Math.floorMod;",
        "import java.util.function.IntUnaryOperator;", "import java.util.function.IntUnaryOperator;");

    assertThat(java.declaredCells()).as("the first import, the method and the first of the same import").isEqualTo(3);
    assertThat(java.eval("List.of(1, 2).size()")).isEqualTo("2");
    assertThat(java.eval("IntUnaryOperator id = x -> x; id.applyAsInt(3)")).isEqualTo("3");
  }

  @Test
  void anImportAfterAMethodKeepsTheirOrderWhenJShellTakesThem() throws Exception {
    run("int twice(int x) { return 2 * x; }", "import java.util.function.IntUnaryOperator;", "IntUnaryOperator op = x -> twice(x) + 1;");

    assertThat(java.declaredCells()).isEqualTo(2);
    assertThat(java.eval("op.applyAsInt(5)")).isEqualTo("11");
    assertThat(java.eval("int twice(int x) { return 3 * x; }")).as("a redefinition, on JShell").isSameAs(Evaluator.NO_RESULT);
    assertThat(java.eval("twice(5)")).isEqualTo("15");
    assertThat(java.eval("IntUnaryOperator again = x -> twice(x); again.applyAsInt(5)")).isEqualTo("15");
  }

  @Test
  void aNewClassIsDeclaredByJShellWhenALaterCellNamesIt() throws Exception {
    assertThat(java.eval("class Point { int x = 1; int y = 2; int sum() { return x + y; } }")).isSameAs(Evaluator.NO_RESULT);
    assertThat(java.declaredCells()).isEqualTo(1);

    assertThat(java.eval("new Point().sum()")).isEqualTo("3");
    assertThat(java.eval("class Point { int x = 5; int sum() { return x; } }")).as("a redefinition, on JShell").isSameAs(Evaluator.NO_RESULT);
    assertThat(java.declaredCells()).isEqualTo(1);
    assertThat(java.eval("new Point().sum()")).isEqualTo("5");
  }

  @Test
  void completionKnowsAClassDeclaredWithoutJShell() throws Exception {
    java.eval("record Pair(int left, int right) {}");

    assertThat(java.declaredCells()).isEqualTo(1);
    assertThat(java.complete("Pai", 3).matches()).contains("Pair");
  }

  @Test
  void aClassThatDoesNotCompileFailsAsOnJShell() {
    Evaluator.ErrorReport report = java.describe(catchThrowable("class Broken { int f() { return \"x\"; } }"));

    assertThat(java.declaredCells()).isZero();
    assertThat(report.ename()).isEqualTo("CompilationError");
    assertThat(String.join("\n", report.traceback())).contains("incompatible types");
  }

  private void run(String... cells) throws Exception {
    for (String cell : cells) {
      java.eval(cell);
    }
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
