package io.envbook.kernel.groovy;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.kernel.Evaluator;
import org.junit.jupiter.api.Test;

/** What a Groovy cell declares (classes, methods, imports) is there for the cells after it. */
class GroovyDeclarationsTest {
  private final GroovyEvaluator groovy = new GroovyEvaluator();

  @Test
  void aCellOfOnlyAClassDeclaresItAndShowsNothing() throws Exception {
    assertThat(groovy.eval("class Point { int x; int y; int sum() { x + y } }")).isSameAs(Evaluator.NO_RESULT);

    assertThat(groovy.eval("new Point(x: 2, y: 3).sum()")).isEqualTo(5);
  }

  @Test
  void aCellOfSeveralClassesDeclaresEveryOne() throws Exception {
    groovy.eval("class A { String name() { 'a' } }\nclass B extends A { String name() { 'b' + super.name() } }");

    assertThat(groovy.eval("new B().name()")).isEqualTo("ba");
  }

  @Test
  void aCellOfOnlyAnImportKeepsItForLaterCells() throws Exception {
    assertThat(groovy.eval("import java.util.concurrent.atomic.AtomicInteger as Counter")).isNull();

    assertThat(groovy.eval("new Counter(4).incrementAndGet()")).isEqualTo(5);
  }

  @Test
  void aCellOfOnlyAMethodMakesItCallableLater() throws Exception {
    groovy.eval("def twice(x) { 2 * x }");

    assertThat(groovy.eval("twice(21)")).isEqualTo(42);
  }
}
