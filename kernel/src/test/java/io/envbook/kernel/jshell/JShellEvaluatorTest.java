package io.envbook.kernel.jshell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java cells on JShell: live values without a second compilation, and a session that stays small. */
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
  void valuesComeBackAsLiveObjects() throws Exception {
    java.eval("var names = new ArrayList<String>(List.of(\"a\"));");

    Object list = java.eval("names");
    Object upper = java.eval("\"envbook\".toUpperCase()");

    assertThat(list).isInstanceOf(ArrayList.class).isEqualTo(List.of("a"));
    assertThat(upper).isEqualTo("ENVBOOK");
    assertThat(java.eval("1 + 1")).isEqualTo("2");
  }

  @Test
  void aLongSessionKeepsOnlyDeclarationsAndTheLastResults() throws Exception {
    java.eval("int kept = 41;");
    Object first = null;
    for (int i = 0; i < 60; i++) {
      java.eval("System.out.print(\"\");");
      java.eval("kept + " + i);
    }

    assertThat(java.activeSnippets()).as("statements and old results are gone").isLessThan(JShellEvaluator.STARTUP.size() + 20);
    assertThat(java.eval("kept")).isEqualTo("41");
    assertThat(java.eval("$" + lastResultIndex())).isNotNull();
  }

  @Test
  void anOldResultALaterCellNamesIsKept() throws Exception {
    java.eval("\"keep me\"");
    String name = "$" + lastResultIndex();
    java.eval("String uses = " + name + ";");
    for (int i = 0; i < 2 * SnippetPruner.KEEP; i++) {
      java.eval(String.valueOf(i));
    }

    assertThat(java.eval(name)).isEqualTo("keep me");
    assertThatThrownBy(() -> java.eval("$1")).hasMessageContaining("cannot find symbol");
  }

  private static int lastResultIndex() {
    return java.lastResultIndex();
  }
}
