package io.envbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.model.ScriptedModel;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import io.envbook.rollout.RolloutGroup;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.sandbox.SandboxProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shipped example runs offline on its scripted model and earns exactly the rewards its script promises. */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  @TempDir Path dir;

  private Map<String, List<Double>> run(String example) throws Exception {
    DslEnvironment env = DslLoader.load(EXAMPLES.resolve(example).resolve(example + ".groovy"));
    Path out = dir.resolve(example + ".jsonl");
    try (SandboxProvider sandboxes = SandboxProvider.forBackend(env.config().sandbox(), env.config().sandboxSettings())) {
      RunSummary s = RolloutRunner.builder(env, ScriptedModel.policy(env.scriptedPolicy())).sandboxes(sandboxes)
          .items(100).concurrency(4).output(out).build().run();
      assertThat(s.failed()).as(s.rollouts().stream().map(Rollout::error).toList().toString()).isZero();
      assertThat(RolloutFile.read(out).rollouts()).hasSize(s.total());
      Map<String, List<Double>> byItem = new TreeMap<>();
      for (RolloutGroup g : s.groups()) {
        byItem.put(g.itemId(), g.scores());
      }
      return byItem;
    }
  }

  @Test
  void terminalTest() throws Exception {
    assertThat(run("terminal_test")).isEqualTo(Map.of(
        "greeting", List.of(1.0, 0.5, 0.0), "count", List.of(1.0, 0.5, 0.0), "answer", List.of(1.0, 0.5, 0.0)));
  }

  @Test
  void arithmeticWithUserTools() throws Exception {
    assertThat(run("arithmetic")).isEqualTo(Map.of(
        "sum-1", List.of(1.0, 0.0), "sum-2", List.of(1.0, 0.0), "product-1", List.of(1.0, 0.0), "product-2", List.of(1.0, 0.0)));
  }

  @Test
  void textWithPartialCredit() throws Exception {
    Map<String, List<Double>> r = run("text_partial_credit");
    assertThat(r.keySet()).containsExactly("de", "fr", "jp", "ke");
    r.values().forEach(scores -> assertThat(scores).map(x -> Math.round(x * 1000) / 1000.0).containsExactly(1.0, 0.8, 0.5));
  }

  @Test
  void multiTurnRewardReadsTheSandbox() throws Exception {
    assertThat(run("multi_turn_sandbox")).isEqualTo(Map.of("add", List.of(1.0, 0.1), "last", List.of(1.0, 0.1)));
  }

  @Test
  void terminalBenchTasksAreUnpackedAgentRunsAndTestsScoreInTheSameSandbox() throws Exception {
    assertThat(run("terminal_bench")).isEqualTo(Map.of("fix-greeting", List.of(1.0), "sum-numbers", List.of(1.0)));
  }

  @Test
  void evaluateRunsHeldOutItemsWithTheModelAndReturnsItsMetrics() throws Exception {
    DslEnvironment env = DslLoader.load(EXAMPLES.resolve("arithmetic/arithmetic.groovy"));
    try (SandboxProvider sandboxes = SandboxProvider.forBackend("local")) {
      var runner = new io.envbook.rollout.GroupRunner(env, ScriptedModel.policy(env.scriptedPolicy()), sandboxes);

      var report = env.evaluate(runner.evalRunner());

      // sample 0 of each held-out problem uses the tool and is right; sample 1 guesses wrong
      assertThat(report.metrics()).containsExactly(Map.entry("eval/held_out_percent_correct", 0.5), Map.entry("eval/held_out_mean_reward", 0.5));
    }
  }

  @Test
  void userToolSchemaComesFromTheClosureParameters() {
    DslEnvironment env = DslLoader.load(EXAMPLES.resolve("arithmetic/arithmetic.groovy"));

    assertThat(io.envbook.json.Json.write(env.tools().get(0).schema().parameters())).isEqualTo(
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}");
  }
}
