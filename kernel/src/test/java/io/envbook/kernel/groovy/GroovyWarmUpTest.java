package io.envbook.kernel.groovy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.MissingPropertyException;
import org.junit.jupiter.api.Test;

/** The compiler warm-up runs in a scratch session: the user's session sees none of its cells. */
class GroovyWarmUpTest {
  @Test
  void aSessionSeesNothingTheWarmUpDeclared() throws Exception {
    GroovyEvaluator groovy = new GroovyEvaluator();
    GroovyEvaluator.warmUp();

    assertThat(groovy.eval("binding.variables.keySet() as List")).asList().isEmpty();
    assertThatThrownBy(() -> groovy.eval("warmUp1(2)")).hasMessageContaining("warmUp1");
    assertThatThrownBy(() -> groovy.eval("new WarmUp2()")).hasMessageContaining("WarmUp2");
    assertThatThrownBy(() -> groovy.eval("WarmUpList3")).isInstanceOf(MissingPropertyException.class);
  }

  @Test
  void aSessionsCellsAreNumberedFromOneAfterTheWarmUp() throws Exception {
    GroovyEvaluator groovy = new GroovyEvaluator();
    GroovyEvaluator.warmUp();

    assertThat(groovy.eval("this.class.name")).isEqualTo("cell1");
  }
}
