package io.envbook.kernel.jshell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.kernel.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java cells: cells that declare nothing run directly (one javac task), the rest on JShell; both see
 * the same session, values come back as live objects, and the session stays small.
 */
class JShellEvaluatorTest {
  private static JShellEvaluator java;

  @BeforeAll
  static void start() {
    java = new JShellEvaluator();
  }

  @AfterAll
  static void stop() {
    java.close();
  }

  @Test
  void theSessionSeesNoneOfTheWarmUpCells() {
    assertThatThrownBy(() -> java.eval("warmUp1(3)")).isInstanceOf(JShellEvaluator.CompilationError.class);
    assertThatThrownBy(() -> java.eval("new WarmUp2()")).isInstanceOf(JShellEvaluator.CompilationError.class);
    assertThat(java.complete("warmU", 5).matches()).isEmpty();
  }

  @Test
  void shiftTabOnAnEngineMethodShowsItsSignatureAndTheShippedJavadoc() throws Exception {
    java.eval("var summary = new RunSummary(\"e\", \"m\", List.of(), 0, 0, 0, 0, 0, 0.0, 0L, null);");

    assertThat(inspect("summary.rollouts().get(0).finalText(")).startsWith("String Rollout(")
        .contains(".finalText()\nThe content of the last assistant message");
    assertThat(inspect("run(")).contains("Notebook.run(Environment env, ChatModel model, int items, Integer group, String out)")
        .contains("shows live progress under the cell");
  }

  @Test
  void theReadmesJavaCellsRunAsWritten() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String block = readme.substring(readme.indexOf("```java\n") + 8, readme.indexOf("```", readme.indexOf("```java\n") + 8));
    Object last = null;
    for (String line : block.strip().split("\n")) {
      last = java.eval(line.replace("examples/", "../examples/").replace("\"runs/java.jsonl\"", "null"));
    }

    assertThat(last).isInstanceOf(io.envbook.report.RewardComparison.class);
    assertThat(((io.envbook.report.RewardComparison) last).summary()).startsWith("6 rollouts: 0 changed");
  }

  private static String inspect(String code) {
    return (String) java.inspect(code, code.length()).get("text/plain");
  }

  @Test
  void valuesComeBackAsLiveObjects() throws Exception {
    java.eval("var names = new ArrayList<String>(List.of(\"a\"));");

    Object list = java.eval("names");
    Object upper = java.eval("\"envbook\".toUpperCase()");

    assertThat(list).isInstanceOf(ArrayList.class).isEqualTo(List.of("a"));
    assertThat(upper).isEqualTo("ENVBOOK");
    assertThat(java.eval("1 + 1")).isEqualTo("2");
    assertThat(java.eval("'c'")).as("a primitive shows as jshell shows it").isEqualTo("'c'");
  }

  @Test
  void cellsThatDeclareNothingRunDirectlyAndSeeTheSession() throws Exception {
    java.eval("int counter = 41;");
    java.eval("String greet(String who) { return \"hi \" + who; }");
    java.eval("record Point(int x, int y) {}");
    java.eval("import java.util.concurrent.atomic.*;");
    int before = java.directCells();

    assertThat(java.eval("counter = counter + 1")).isEqualTo("42");
    assertThat(java.eval("greet(\"ada\")")).isEqualTo("hi ada");
    assertThat(java.eval("new Point(1, 2)")).hasToString("Point[x=1, y=2]");
    assertThat(java.eval("new AtomicInteger(counter).get();")).isEqualTo("42");
    assertThat(java.eval("System.out.print(\"\")")).as("a void call shows nothing").isSameAs(Evaluator.NO_RESULT);
    assertThat(java.eval("for (int i = 0; i < 3; i++) { counter++; }")).isSameAs(Evaluator.NO_RESULT);
    assertThat(java.directCells() - before).isEqualTo(6);
    assertThat(java.eval("int seen = counter; seen")).as("JShell sees what a direct cell assigned").isEqualTo("45");
  }

  @Test
  void redefinitionsAndOverloadsAcrossCellsResolveAsInJShell() throws Exception {
    java.eval("String kind(Object o) { return \"object\"; }");
    java.eval("String kind(String s) { return \"string\"; }");
    java.eval("String kind(Object o) { return \"any object\"; }");
    java.eval("record Box(int a) {}");
    java.eval("record Box(int a, int b) {}");

    assertThat(java.eval("kind(\"x\")")).isEqualTo("string");
    assertThat(java.eval("kind(1)")).isEqualTo("any object");
    assertThat(java.eval("new Box(1, 2)")).hasToString("Box[a=1, b=2]");
  }

  @Test
  void aCellRunAgainRunsAgainstTheSessionAsItIsNow() throws Exception {
    java.eval("int runs = 0;");
    java.eval("String label() { return \"first\"; }");
    java.eval("runs++;");
    java.eval("runs++;");
    Object first = java.eval("label() + runs");
    java.eval("String label() { return \"second\"; }");

    assertThat(first).isEqualTo("first2");
    assertThat(java.eval("label() + runs")).isEqualTo("second2");
    assertThat(java.eval("new Object() { int calls = runs++; }.calls")).isEqualTo("2");
    assertThat(java.eval("new Object() { int calls = runs++; }.calls")).isEqualTo("3");
  }

  @Test
  void aCellThatDeclaresRunsOnJShellAndItsDeclarationsPersist() throws Exception {
    int before = java.directCells();

    assertThat(java.eval("int width = 3; width * 2")).isEqualTo("6");
    assertThat(java.directCells()).isEqualTo(before);
    assertThat(java.eval("width")).isEqualTo("3");
  }

  @Test
  void anExceptionNamesTheLineOfTheCell() {
    Throwable thrown = catchThrowable("System.out.print(\"\");\nthrow new IllegalStateException(\"boom\");");

    Evaluator.ErrorReport report = java.describe(thrown);
    assertThat(report.ename()).isEqualTo("IllegalStateException");
    assertThat(report.evalue()).isEqualTo("boom");
    assertThat(report.traceback()).contains("    at line 2 of the cell");
  }

  @Test
  void anExceptionInADeclaredMethodNamesTheMethodAndTheCellLine() {
    catchThrowable("int ratio(int x) {\n  return 10 / x;\n}");

    Evaluator.ErrorReport onJShell = java.describe(catchThrowable("int zero = 0;\nint r = ratio(zero);"));
    Evaluator.ErrorReport direct = java.describe(catchThrowable("System.out.print(\"\");\n\nratio(0)"));

    assertThat(onJShell.traceback()).containsExactly("ArithmeticException: / by zero",
        "    at ratio, line 2 of the cell that declared it", "    at line 2 of the cell");
    assertThat(direct.traceback()).containsExactly("ArithmeticException: / by zero",
        "    at ratio, declared in an earlier cell", "    at line 3 of the cell");
  }

  @Test
  void aCellThatDoesNotCompileNamesTheLineAndTheClosestName() throws Exception {
    java.eval("int total = 3;");

    Throwable thrown = catchThrowable("System.out.print(\"\");\nSystem.out.println(totl);");

    Evaluator.ErrorReport report = java.describe(thrown);
    assertThat(report.ename()).isEqualTo("CompilationError");
    assertThat(report.evalue()).isEqualTo("line 2: cannot find symbol: variable totl, did you mean `total`?");
    assertThat(report.traceback()).containsSubsequence("    System.out.println(totl);", "                       ^");
  }

  @Test
  void aMisspelledMethodOfALibraryTypeNamesTheTypeAndTheClosestMethod() throws Exception {
    java.eval("var xs = java.util.List.of(1, 2, 3);");

    Evaluator.ErrorReport onAType = java.describe(catchThrowable("xs.stream().mapToInt(i -> i).summ()"));
    Evaluator.ErrorReport onAVariable = java.describe(catchThrowable("xs.sise()"));

    assertThat(onAType.evalue()).isEqualTo("line 1: cannot find symbol: method summ in java.util.stream.IntStream, did you mean `sum`?");
    assertThat(onAVariable.evalue()).startsWith("line 1: cannot find symbol: method sise in java.util.List")
        .endsWith("did you mean `size`?");
    assertThat(onAType.traceback()).endsWith("    xs.stream().mapToInt(i -> i).summ()", "                                 ^");
  }

  @Test
  void aMissingSemicolonIsReportedOnItsOwnLine() {
    Evaluator.ErrorReport report = java.describe(catchThrowable("int a = 3\nint b = 4;"));

    assertThat(report.evalue()).isEqualTo("line 1: ';' expected");
  }

  @Test
  void aNullPointerMessageNamesTheCellsVariableNotJShellsWrapper() {
    Throwable thrown = catchThrowable("String missing = null;\nint n = missing.length();");

    assertThat(java.describe(thrown).evalue()).isEqualTo("Cannot invoke \"String.length()\" because \"missing\" is null");
  }

  @Test
  void aTightLoopStopsOnInterruptAndTheSessionLives() throws Exception {
    java.eval("int survivor = 7;");
    Thread[] cellThread = new Thread[1];
    CompletableFuture<Throwable> cell = CompletableFuture.supplyAsync(() -> {
      cellThread[0] = Thread.currentThread();
      return catchThrowable("while (true) {}");
    });
    Thread.sleep(300);
    java.interrupt(cellThread[0]);

    Throwable thrown = cell.get(10, TimeUnit.SECONDS);
    assertThat(java.describe(thrown).ename()).isEqualTo("Interrupted");
    assertThat(java.eval("survivor")).isEqualTo("7");
  }

  @Test
  void aSleepingCellStopsOnInterruptAndTheNextCellOnThatThreadSleepsUndisturbed() throws Exception {
    java.eval("Thread.sleep(1)"); // JShell's own first run installs its stop flag
    ExecutorService cells = Executors.newSingleThreadExecutor();
    Thread cellThread = cells.submit(Thread::currentThread).get();
    Future<Throwable> cell = cells.submit(() -> catchThrowable("Thread.sleep(60_000)"));
    Thread.sleep(300);
    java.interrupt(cellThread);

    assertThat(java.describe(cell.get(10, TimeUnit.SECONDS)).ename()).isEqualTo("Interrupted");
    assertThat(cells.submit(() -> catchThrowable("Thread.sleep(50)")).get(10, TimeUnit.SECONDS)).isNull();
    cells.shutdown();
  }

  @Test
  void aLongSessionKeepsOnlyDeclarations() throws Exception {
    java.eval("int kept = 41;");
    for (int i = 0; i < 60; i++) {
      java.eval("System.out.print(\"\");");
      java.eval("kept + " + i);
      java.eval("int local" + (i % 3) + " = " + i + "; local" + (i % 3) + " + kept");
    }

    assertThat(java.activeSnippets()).as("statements and results are gone").isLessThan(JShellEvaluator.STARTUP.size() + 30);
    assertThat(java.eval("kept")).isEqualTo("41");
  }

  @Test
  void namingAJShellResultSaysHowToKeepAValue() throws Exception {
    java.eval("\"shown\"");

    assertThatThrownBy(() -> java.eval("String again = $1;")).hasMessageContaining("assign it to a variable");
  }

  private static Throwable catchThrowable(String cell) {
    try {
      java.eval(cell);
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void aCellThatPlainlyDeclaresATypeGoesStraightToJShell() {
    assertThat(List.of("class P { }", "\n public final class Q<T> {}", "interface I {}", "enum E { A }", "record R(int x) {}",
        "sealed interface S permits T {}", "@interface A {}")).allMatch(JShellEvaluator::declaresAType);
    assertThat(List.of("record = 1;", "var record = 2;", "int classes(int x) { return x; }", "new Object() {}", "P.class",
        "classic();")).noneMatch(JShellEvaluator::declaresAType);
  }

  @Test
  void aClassCellSeesAMethodDeclaredWithoutJShellAndCanBeRedefined() throws Exception {
    java.eval("int offsetForPoint20(int x) { return x + 100; }");
    java.eval("class Point20 { int x = 1; int shifted() { return offsetForPoint20(x); } }");
    assertThat(java.eval("new Point20().shifted()")).isEqualTo("101");

    java.eval("class Point20 { int x = 2; int shifted() { return offsetForPoint20(x); } }");
    assertThat(java.eval("new Point20().shifted()")).isEqualTo("102");
  }

}
