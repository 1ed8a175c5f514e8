package io.envbook.kernel.groovy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Shift+Tab shows the signature and Javadoc of what the cursor is on or in. */
class GroovyInspectionTest {
  private final GroovyEvaluator groovy = new GroovyEvaluator();

  private String inspect(String code) {
    var data = groovy.inspect(code, code.length());
    return data == null ? null : (String) data.get("text/plain");
  }

  @Test
  void insideACallsParenthesesTheCallsMethodsWithParameterNames() throws Exception {
    groovy.eval("def s = 'abc'");

    String shown = inspect("s.substring(");

    assertThat(shown).contains("String substring(int beginIndex)", "String substring(int beginIndex, int endIndex)");
    if (Files.isReadable(Path.of(System.getProperty("java.home"), "lib", "src.zip"))) { // the JDK's own Javadoc
      assertThat(shown).contains("Returns a string that is a substring of this string.");
    }
  }

  @Test
  void engineMethodsShowTheirJavadocFromTheShippedSources() throws Exception {
    groovy.eval("def summary = new RunSummary('e', 'm', [], 0, 0, 0, 0, 0, 0.0d, 0L, null)");

    assertThat(inspect("summary.rollouts()[0].finalText(")).startsWith("String finalText()    (Rollout)\n")
        .contains("The content of the last assistant message");
    assertThat(inspect("Reward.weighted(")).contains("Reward weighted(Map<String, ? extends Number> scores,")
        .contains("Weighted parts: each raw part score is multiplied by its weight");
  }

  @Test
  void cellHelpersAndDslKeywordsAndClassesHaveTheirJavadoc() {
    assertThat(inspect("run(")).contains("RunSummary run(Map<String, ?> options, Environment env)")
        .contains("without\nmodel:, the model the environment declared");
    assertThat(inspect("RunSummary")).startsWith("io.envbook.rollout.RunSummary\nWhat a run produced");
  }

  @Test
  void aVariableShowsItsTypeAndValueAndNothingUnknownShowsNothing() throws Exception {
    groovy.eval("def answer = 42");

    assertThat(inspect("answer")).isEqualTo("answer: java.lang.Integer\n42");
    assertThat(inspect("nothingHere(")).isNull();
    assertThat(inspect("   ")).isNull();
  }
}
