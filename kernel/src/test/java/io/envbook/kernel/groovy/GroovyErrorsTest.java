package io.envbook.kernel.groovy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.envbook.kernel.Evaluator.ErrorReport;
import org.junit.jupiter.api.Test;

/** A Groovy name that does not exist is answered with a sentence and the closest name that does. */
class GroovyErrorsTest {
  private final GroovyEvaluator groovy = new GroovyEvaluator();

  private ErrorReport error(String code) {
    return groovy.describe(catchThrowable(() -> groovy.eval(code)));
  }

  @Test
  void aMisspelledMethodOfAValueNamesItsTypeAndTheClosestMethodIncludingGroovysOwn() {
    ErrorReport report = error("[1, 2, 3].summ()");

    assertThat(report.ename()).isEqualTo("MissingMethodException");
    assertThat(report.evalue()).isEqualTo("no method summ() on java.util.ArrayList, did you mean `sum`?");
    assertThat(report.traceback()).containsExactly(
        "MissingMethodException: no method summ() on java.util.ArrayList, did you mean `sum`?", "    at cell1.groovy line 1");
  }

  @Test
  void aMethodCalledWithArgumentsItDoesNotTakeSaysSo() {
    assertThat(error("[1, 2].sum(1, 2, 3)").evalue()).isEqualTo("java.util.ArrayList.sum does not take (Integer, Integer, Integer)");
  }

  @Test
  void aMisspelledVariableOfTheSessionSuggestsTheClosestVariable() throws Exception {
    groovy.eval("def total = 3");

    assertThat(error("totl + 1").evalue()).isEqualTo("`totl` is not defined in this session: no cell has set it, did you mean `total`?");
    assertThat(error("nothingLikeIt").evalue())
        .isEqualTo("`nothingLikeIt` is not defined in this session: no cell has set it, and no known name is close");
  }

  @Test
  void aMisspelledFunctionSuggestsTheSessionsMethodsAndTheKernelsOwn() throws Exception {
    groovy.eval("int twice(int x) { 2 * x }");

    assertThat(error("twise(2)").evalue())
        .isEqualTo("`twise(Integer)` is not defined in this session: no cell declared a method or closure `twise`, did you mean `twice`?");
    assertThat(error("dispaly('x')").evalue()).endsWith("did you mean `display`?");
  }

  @Test
  void aMisspelledPropertyOfAValueSuggestsItsProperties() {
    assertThat(error("Reward.of(1.0).explanatoin").evalue())
        .isEqualTo("no property `explanatoin` on io.envbook.env.Reward, did you mean `explanation`?");
  }
}
