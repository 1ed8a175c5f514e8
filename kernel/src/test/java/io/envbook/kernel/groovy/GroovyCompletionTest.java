package io.envbook.kernel.groovy;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.sandbox.SandboxBackends;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Completion after a dot follows the expression's type, not just a variable's. */
class GroovyCompletionTest {
  private final GroovyEvaluator groovy = new GroovyEvaluator();

  private List<String> complete(String code) {
    return groovy.complete(code, code.length()).matches();
  }

  @Test
  void aVariablesRuntimeTypeAndItsProperties() throws Exception {
    groovy.eval("def reward = Reward.of(1.0).withExplanation('ok')");

    assertThat(complete("reward.expl")).containsExactly("explanation");
    assertThat(complete("reward.withExplanation('x').va")).containsExactly("value");
  }

  @Test
  void methodChainsFollowDeclaredAndGenericReturnTypes() {
    assertThat(complete("EnvConfig.builder('x').build().toolsets().get(0).toUpp")).containsExactly("toUpperCase");
    assertThat(complete("java.time.Duration.ofSeconds(5).toMil")).containsExactly("toMillis", "toMillisPart");
  }

  @Test
  void classNamesOfferTheirStaticMembers() {
    assertThat(complete("Reward.wei")).containsExactly("weighted");
    assertThat(complete("Reward.ZE")).containsExactly("ZERO");
  }

  @Test
  void literalsAndGroovyExtensionMethods() {
    assertThat(complete("'abc'.padL")).containsExactly("padLeft");
    assertThat(complete("[1, 2, 3].coll")).contains("collect", "collectEntries");
    assertThat(complete("[a: 1].each")).contains("each", "eachWithIndex");
  }

  @Test
  void elementsOfSessionListsTakeTheirRuntimeType() throws Exception {
    groovy.eval("def rewards = [Reward.of(0.5)]");

    assertThat(complete("rewards[0].pa")).containsExactly("parts");
    assertThat(complete("rewards.first().expl")).containsExactly("explanation");
  }

  @Test
  void anIndexedCallFollowsTheElementType() throws Exception {
    groovy.eval("def summary = new RunSummary('e', 'm', [], 0, 0, 0, 0, 0, 0.0d, 0L, null)");

    assertThat(complete("summary.rollouts()[0].rew")).containsExactly("reward", "rewardMs");
    assertThat(complete("summary.rollouts()[0].reward().pa")).containsExactly("parts");
  }

  @Test
  void completionWhileACellDefinesVariablesNeverFails() throws Exception {
    Thread cell = new Thread(() -> {
      try {
        groovy.eval("for (int i = 0; i < 20000; i++) { binding.setVariable('v' + i, i) }");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    cell.start();
    int completions = 0;
    while (cell.isAlive() || completions == 0) {
      assertThat(complete("v1")).isNotNull(); // threw ConcurrentModificationException while the cell ran
      completions++;
    }
    cell.join();
    assertThat(complete("v1999")).contains("v19990", "v19999");
  }

  @Test
  void anUnknownReceiverOffersNothing() {
    assertThat(complete("nothingHere.fo")).isEmpty();
    assertThat(complete("foo().ba")).isEmpty();
  }

  @Test
  void insideSandboxTheBackendsAreOffered() {
    assertThat(complete("environment('x') {\n  sandbox 'bub")).containsExactly("bubblewrap");
    assertThat(complete("sandbox(\"")).containsExactlyElementsOf(SandboxBackends.names().stream().sorted().toList());
    assertThat(complete("'bub")).isEmpty();
  }
}
