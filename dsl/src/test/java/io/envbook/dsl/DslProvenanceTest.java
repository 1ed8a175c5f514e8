package io.envbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.model.ScriptedModel;
import io.envbook.rollout.ResumeMismatch;
import io.envbook.rollout.RolloutRunner;
import io.envbook.sandbox.LocalSandboxProvider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A script's environment records the source of its closures, so a rollout file knows which reward wrote it. */
class DslProvenanceTest {
  @TempDir Path dir;

  private static final String SCRIPT = """
      environment('sums') {
          dataset([[q: '2+3', answer: 5]])
          prompt { item -> "What is ${item.q}?" }
          tool('add', 'Adds two integers') { long a, long b ->
              a + b
          }
          weights correct: 0.8, used_tool: 0.2
          reward { item, result ->
              parts correct: result.finalText().contains("${item.answer}"),
                    used_tool: result.toolCalls().any { it.name() == 'add' }
          }
          model scripted { turn == 0 ? tool('add', a: 2, b: 3) : say("It is ${lastToolResult}") }
      }
      """;

  private DslEnvironment parse(String source) {
    return DslLoader.parse(source, "sums.groovy", dir);
  }

  @Test
  void theEnvironmentRecordsTheTextOfEachClosureItWasGiven() {
    Map<String, String> facts = parse(SCRIPT).provenance();

    assertThat(facts).containsEntry("dataset", "inline items")
        .containsEntry("prompt", "{ item -> \"What is ${item.q}?\" }")
        .containsEntry("tool:add:body", "{ long a, long b ->\na + b\n}")
        .containsEntry("weights", "correct: 0.8, used_tool: 0.2")
        .containsEntry("reward", "{ item, result ->\nparts correct: result.finalText().contains(\"${item.answer}\"),\n"
            + "used_tool: result.toolCalls().any { it.name() == 'add' }\n}");
    assertThat(parse(SCRIPT).scriptedPolicy().source())
        .isEqualTo("{ turn == 0 ? tool('add', a: 2, b: 3) : say(\"It is ${lastToolResult}\") }");
  }

  @Test
  void indentingTheScriptChangesNothingButEditingTheRewardChangesOnlyTheReward() {
    Map<String, String> before = parse(SCRIPT).provenance();

    Map<String, String> indented = parse(SCRIPT.replace("\n    ", "\n      ")).provenance();
    Map<String, String> edited = parse(SCRIPT.replace("\"${item.answer}\"", "item.answer.toString()")).provenance();

    assertThat(indented).isEqualTo(before);
    assertThat(edited).hasSameSizeAs(before);
    assertThat(edited.get("reward")).isNotEqualTo(before.get("reward"));
    assertThat(edited).containsEntry("prompt", before.get("prompt"));
  }

  @Test
  void aClosureHeldInAVariableIsKnownByItsClass() {
    DslEnvironment env = parse("""
        def score = { item -> 1 }
        environment('e') {
            dataset([[q: 1]])
            prompt { 'x' }
            reward score
        }
        """);

    assertThat(env.provenance().get("reward")).startsWith("closure sums");
  }

  @Test
  void aRunWithAChangedRewardRefusesTheFileTheOldRewardWrote() throws Exception {
    Path out = dir.resolve("runs/e.jsonl");
    String script = "environment('e') {\n  dataset([[q: 1]])\n  prompt { 'x' }\n  reward { item -> 1 }\n  model scripted { say('hi') }\n}\n";
    try (LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      DslEnvironment first = parse(script);
      RolloutRunner.builder(first, ScriptedModel.policy(first.scriptedPolicy())).sandboxes(sandboxes).output(out).build().run();
      DslEnvironment changed = parse(script.replace("item -> 1", "item -> 0"));

      assertThatThrownBy(() -> RolloutRunner.builder(changed, ScriptedModel.policy(changed.scriptedPolicy())).sandboxes(sandboxes)
          .output(out).build().run())
          .isInstanceOf(ResumeMismatch.class)
          .satisfies(e -> assertThat(((ResumeMismatch) e).differences())
              .containsExactly("the reward changed from `{ item -> 1 }` to `{ item -> 0 }`"));
    }
  }
}
