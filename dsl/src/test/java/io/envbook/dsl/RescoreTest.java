package io.envbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.model.ScriptedModel;
import io.envbook.rollout.Rescorer;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import io.envbook.rollout.RolloutRunner;
import io.envbook.sandbox.LocalSandboxProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed reward closure is run again on saved rollouts, without the model. */
class RescoreTest {
  @TempDir Path dir;

  private static String script(String reward) {
    return """
        environment('yes-no') {
            dataset([[q: 'Is 7 prime?', answer: 'yes'], [q: 'Is 8 prime?', answer: 'no']])
            prompt { item -> item.q }
            group 2
            reward { item, result -> %s }
            model scripted { sample == 0 ? say("The answer is ${item.answer}.") : say(item.answer.toUpperCase()) }
        }
        """.formatted(reward);
  }

  @Test
  void aFixedRewardGivesNewScoresOnTheSavedRollouts() throws Exception {
    // First reward: exact match only, so the upper-case answers and the sentences both miss.
    DslEnvironment strict = DslLoader.parse(script("result.finalText() == item.answer"), "yes_no.groovy", dir);
    Path out = dir.resolve("yes_no.jsonl");
    AtomicInteger modelCalls = new AtomicInteger();
    ScriptedModel.Policy policy = strict.scriptedPolicy();
    try (LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      RolloutRunner.builder(strict, ScriptedModel.policy(ctx -> {
        modelCalls.incrementAndGet();
        return policy.next(ctx);
      })).sandboxes(sandboxes).items(2).output(out).build().run();
      List<Rollout> saved = RolloutFile.read(out).rollouts();
      assertThat(saved).extracting(Rollout::score).containsExactly(0.0, 0.0, 0.0, 0.0);
      int callsAfterRun = modelCalls.get();

      // The fix: case-insensitive containment.
      DslEnvironment fixed = DslLoader.parse(script("result.finalText().toLowerCase().contains(item.answer)"), "yes_no.groovy", dir);
      List<Rollout> rescored = Rescorer.rescore(fixed, saved, sandboxes);

      assertThat(rescored).extracting(Rollout::score).containsExactly(1.0, 1.0, 1.0, 1.0);
      assertThat(rescored).extracting(Rollout::messages).isEqualTo(saved.stream().map(Rollout::messages).toList());
      assertThat(modelCalls.get()).as("rescoring never calls the model").isEqualTo(callsAfterRun);
    }
  }
}
