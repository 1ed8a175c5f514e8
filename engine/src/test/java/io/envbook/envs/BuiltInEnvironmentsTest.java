package io.envbook.envs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.loop.StopReason;
import io.envbook.model.ScriptedModel;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutRunner;
import io.envbook.sandbox.LocalSandboxProvider;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInEnvironmentsTest {
  private static final String TB_TASKS = "../examples/harbor";

  private static List<Rollout> run(Environment env, int items, int group) throws Exception {
    try (LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      return RolloutRunner.builder(env, ScriptedModel.policy(env.scriptedPolicy())).sandboxes(sandboxes)
          .items(items).groupSize(group).build().run().rollouts().stream()
          .sorted(Comparator.comparing(Rollout::itemIndex).thenComparing(Rollout::sample)).toList();
    }
  }

  private static List<String> rewards(List<Rollout> rollouts) {
    return rollouts.stream().map(r -> r.itemId() + "/" + r.sample() + "=" + r.reward().value()).toList();
  }

  @Test
  void allFiveHermesEnvironmentsAreBuiltIn() {
    assertThat(BuiltInEnvironments.names())
        .containsExactly("hermes-swe", "openthoughts-tblite", "terminal-bench-2", "terminal-test", "yc-bench");
  }

  @Test
  void terminalBench2HasHermesDefaults() {
    Environment tb = BuiltInEnvironments.create("terminal-bench-2", EnvSettings.of(Map.of("dataset", TB_TASKS)));

    assertThat(tb.config().limits().wallTime()).isEqualTo(Duration.ofSeconds(1800));
    assertThat(tb.config().limits().maxTurns()).isEqualTo(60);
    assertThat(tb.config().sandbox()).isEqualTo("docker");
    assertThat(tb.config().systemPrompt()).isNull();
  }

  @Test
  void tbliteIsTerminalBenchWithItsOwnDatasetTimeoutAndImages() throws Exception {
    Environment lite = BuiltInEnvironments.create("openthoughts-tblite", EnvSettings.of(Map.of("dataset", TB_TASKS)));
    lite.setup();
    Item countWords = lite.nextItem();

    assertThat(lite).isInstanceOf(TerminalBench2Env.class);
    assertThat(lite.config().name()).isEqualTo("openthoughts-tblite");
    assertThat(lite.config().limits().wallTime()).isEqualTo(Duration.ofSeconds(1200));
    assertThat(lite.image(countWords)).isEqualTo("nousresearch/tblite-count-words");
    assertThat(lite.sandboxSpec(countWords).image()).isEqualTo("nousresearch/tblite-count-words");
    assertThat(lite.limits(countWords).wallTime()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void sweRewardsPassingTestsPartialWorkAndNothing() throws Exception {
    Environment swe = BuiltInEnvironments.create("hermes-swe", EnvSettings.of(Map.of("dataset", "../examples/swe/data/tasks.jsonl")));

    List<Rollout> rollouts = run(swe, 1, 3);

    assertThat(rewards(rollouts)).containsExactly("Python/0/0=1.0", "Python/0/1=0.1", "Python/0/2=0.0");
    assertThat(rollouts.get(1).reward().explanation()).startsWith("the tests fail: AssertionError")
        .endsWith("(partial credit: Python files were written)");
    assertThat(rollouts.get(0).messages().get(1).content()).contains("Tests to pass:\n", "def check(has_close_elements)",
        "to solution.py in the working directory");
  }

  @Test
  void ycBenchScoresSurvivalAndLogScaledFunds() {
    assertThat(YcBenchEnv.score(25_000_000, "horizon_end").value()).isCloseTo(0.5 + 0.5 * Math.log1p(1) / Math.log1p(100), within(1e-12));
    assertThat(YcBenchEnv.score(2_525_000_000L, "horizon_end").value()).isEqualTo(1.0);
    assertThat(YcBenchEnv.score(9_000_000_000L, null).value()).isEqualTo(1.0);
    assertThat(YcBenchEnv.score(-100, "bankruptcy").value()).isEqualTo(0.0);
    assertThat(YcBenchEnv.score(5_000_000, "bankruptcy").parts()).containsEntry("survival", 0.0);
  }

  @Test
  void ycBenchDrivesTheStandInSimulatorPerPresetAndSeed() throws Exception {
    Environment yc = BuiltInEnvironments.create("yc-bench",
        EnvSettings.of(Map.of("command", "../examples/yc_bench/yc-bench", "presets", "fast_test", "seeds", "2")));

    List<Rollout> rollouts = run(yc, 5, 3);

    assertThat(rollouts).extracting(Rollout::itemId).containsExactly("fast_test-seed2", "fast_test-seed2", "fast_test-seed2");
    assertThat(rollouts).extracting(r -> r.reward().parts().get("survival")).containsExactly(0.5, 0.0, 0.5);
    assertThat(rollouts.get(0).reward().explanation()).startsWith("survived with $").doesNotContain("had not reached");
    assertThat(rollouts.get(1).reward().explanation()).startsWith("went bankrupt");
    assertThat(rollouts.get(2).reward().explanation()).endsWith("(the simulation had not reached its end)");
    assertThat(rollouts.get(0).reward().value()).isGreaterThan(rollouts.get(2).reward().value());
    assertThat(rollouts.get(0).item()).containsEntry("category", "fast_test");
  }

  @Test
  void ycBenchWithoutTheSimulatorSaysHowToGetOne() throws Exception {
    Environment yc = BuiltInEnvironments.create("yc-bench", EnvSettings.of(Map.of("seeds", "1")));

    List<Rollout> rollouts = run(yc, 1, 1);

    assertThat(rollouts.get(0).error()).isEqualTo("preparing the sandbox failed: the yc-bench simulator is not installed "
        + "(no `yc-bench` command): install it, or set command=examples/yc_bench/yc-bench to use envbook's stand-in");
  }

  @Test
  void anUnknownSettingIsRefusedWithTheClosestOne() {
    assertThatThrownBy(() -> BuiltInEnvironments.create("terminal-bench-2", EnvSettings.of(Map.of("task_timout", "5"))))
        .hasMessage("environment terminal-bench-2 has no setting `task_timout`: did you mean `task_timeout`? Its settings are "
            + "config, dataset, file, group, max_turns, sandbox, split, task_timeout, temperature, terminal_timeout, test_timeout.");
    assertThatThrownBy(() -> BuiltInEnvironments.create("terminal-test", EnvSettings.of(Map.of("x", "1"))))
        .hasMessage("environment terminal-test takes no settings, but got `x`");
    assertThatThrownBy(() -> BuiltInEnvironments.create("yc-bench", EnvSettings.of(Map.of("max_turns", "many"))))
        .hasMessage("setting max_turns must be a whole number, got `many`");
  }
}
