package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code envbook run} as a real process against code and servers that never finish: every limit
 * holds, every rollout is written (scored, or failed with its reason), and the summary and exit code
 * say what happened.
 */
class RunLimitsTest {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  @TempDir Path dir;

  private Path script(String name, String body) throws Exception {
    Path file = dir.resolve(name + ".groovy");
    Files.writeString(file, "def deep(int n) { deep(n + 1) + 1 }\n" + body);
    return file;
  }

  private EnvbookProcess.Result run(List<String> jvmOptions, String... args) throws Exception {
    return EnvbookProcess.run(EnvbookProcess.command(jvmOptions, args), Map.of(), dir.resolve("log.txt"), PATIENCE);
  }

  private static Map<String, Rollout> byItem(Path out) throws Exception {
    return RolloutFile.read(out).rollouts().stream().collect(Collectors.toMap(r -> String.valueOf(r.item().get("case")), Function.identity()));
  }

  @Test
  void codeThatHangsIsAbandonedAtItsLimitAndEveryRolloutIsWritten() throws Exception {
    Path env = script("hang", """
        environment('hang') {
            dataset([[case: 'sleepy'], [case: 'spin'], [case: 'reward-spin'], [case: 'prompt-hang'], [case: 'prepare-hang'], [case: 'ok']])
            prompt { item -> if (item.case == 'prompt-hang') { while (true) {} }; "case ${item.case}" }
            prepare { item, ctx -> if (item.case == 'prepare-hang') { Thread.sleep(1_000_000) } }
            tool('sleepy', 'Sleeps') { -> Thread.sleep(1_000_000); 'woke' }
            tool('spin', 'Spins') { -> while (true) {} }
            limits { toolTimeout '2s'; timeout '5s' }
            model scripted { turn == 0 && item.case in ['sleepy', 'spin'] ? tool(item.case) : say('done') }
            reward { item, result -> if (item.case == 'reward-spin') { while (true) {} }; 1.0 }
        }
        """);
    Path out = dir.resolve("hang.jsonl");

    EnvbookProcess.Result r = run(List.of(), "run", env.toString(), "-n", "6", "--out", out.toString());

    assertThat(EnvbookProcess.rolloutLines(out)).as(r.output()).hasSize(6);
    Map<String, Rollout> rollouts = byItem(out);
    assertThat(rollouts.values()).as("no rollout runs past its 5 s timeout and 5 s of scoring by more than 3 s")
        .allMatch(x -> x.durationMs() < 13_000);
    for (String tool : List.of("sleepy", "spin")) {
      assertThat(rollouts.get(tool).ok()).isTrue();
      assertThat(rollouts.get(tool).toolErrors()).singleElement().satisfies(e -> assertThat(e.error()).isEqualTo("Tool '" + tool + "' timed out after 2s"));
    }
    assertThat(rollouts.get("reward-spin").error())
        .isEqualTo("reward failed: it did not finish within 5s (scoring gets as long as the rollout's timeout) and was abandoned");
    assertThat(rollouts.get("prompt-hang").error()).isEqualTo("rollout failed: the prompt did not finish within 5s (the rollout's timeout) and was abandoned");
    assertThat(rollouts.get("prepare-hang").error())
        .isEqualTo("preparing the sandbox failed: it did not finish within 5s (the rollout's timeout) and was abandoned");
    assertThat(r.output()).contains("  rollouts    6 requested, 6 written (6 ran, 0 resumed), 3 failed, 0 lost\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void aRewardThatOverflowsTheStackIsOneFailedRolloutToldInOneSentence() throws Exception {
    Path env = script("deep", """
        environment('deep') {
            dataset([[case: 'a'], [case: 'b']])
            prompt { item -> 'hi' }
            model scripted { say('done') }
            reward { item, result -> item.case == 'a' ? deep(0) : 1.0 }
        }
        """);
    Path out = dir.resolve("deep.jsonl");

    EnvbookProcess.Result r = run(List.of(), "run", env.toString(), "-n", "2", "--out", out.toString());

    assertThat(byItem(out).get("a").error()).isEqualTo("reward failed: deep.groovy:1: StackOverflowError: the code recursed too deeply (endless recursion?)");
    assertThat(byItem(out).get("b").ok()).isTrue();
    assertThat(r.output().lines()).as("no stack trace:\n" + r.output()).hasSizeLessThan(20);
    assertThat(r.output()).contains("  rollouts    2 requested, 2 written (2 ran, 0 resumed), 1 failed, 0 lost\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  /** Three items whose prompts end with the fault the server is to show. */
  private Path modelScript(String fault, String timeout) throws Exception {
    return script("model", """
        environment('model') {
            dataset([[case: 'a'], [case: 'b'], [case: 'c']])
            prompt { item -> "case ${item.case}: FAULT" }
            limits { timeout 'TIMEOUT' }
            reward { item, result -> 1.0 }
        }
        """.replace("TIMEOUT", timeout).replace("FAULT", fault));
  }

  @Test
  void aServerThatDripsItsAnswersCannotKeepARolloutPastItsTimeout() throws Exception {
    Path out = dir.resolve("drip.jsonl");
    try (FaultyModelServer server = FaultyModelServer.start()) {
      EnvbookProcess.Result r = run(List.of(), "run", modelScript("drip", "4s").toString(), "--model", "m", "--base-url", server.baseUrl(),
          "-n", "3", "--out", out.toString());

      List<Rollout> rollouts = RolloutFile.read(out).rollouts();
      assertThat(rollouts).as(r.output()).hasSize(3).allSatisfy(x -> {
        assertThat(x.durationMs()).as("4 s timeout").isLessThan(7_000);
        assertThat(x.error()).startsWith("model failed: the model server at " + server.baseUrl() + " had not sent a whole answer when the rollout's time ran out");
      });
      assertThat(r.exitCode()).isEqualTo(1);
    }
  }

  @Test
  void anEndlessBodyInASmallHeapFailsItsRolloutsAtTheCapAndLosesNone() throws Exception {
    Path out = dir.resolve("endless.jsonl");
    try (FaultyModelServer server = FaultyModelServer.start()) {
      EnvbookProcess.Result r = run(List.of("-Xmx256m"), "run", modelScript("endless", "20s").toString(), "--model", "m",
          "--base-url", server.baseUrl(), "-n", "3", "--out", out.toString());

      assertThat(RolloutFile.read(out).rollouts()).as(r.output()).hasSize(3).allSatisfy(x -> assertThat(x.error()).isEqualTo(
          "model failed: the model server at " + server.baseUrl() + " sent an answer larger than 16 MiB, the cap on one answer (maxResponseBytes): it was dropped"));
      assertThat(r.output()).contains("  rollouts    3 requested, 3 written (3 ran, 0 resumed), 3 failed, 0 lost\n").doesNotContain("OutOfMemoryError");
      assertThat(r.exitCode()).isEqualTo(1);
    }
  }

  @Test
  void rolloutsThatCannotBeWrittenAreCountedAsLostAndTheExitCodeSaysSo() throws Exception {
    Path env = script("many", """
        environment('many') {
            dataset((1..20).collect { [case: it] })
            prompt { item -> 'hi' }
            model scripted { say('done') }
            reward { item, result -> 1.0 }
        }
        """);
    Path out = dir.resolve("many.jsonl");
    List<String> limited = new java.util.ArrayList<>(List.of("bash", "-c", "ulimit -f 4 && exec \"$@\"", "envbook"));
    limited.addAll(EnvbookProcess.command(List.of("-XX:-UsePerfData"), "run", env.toString(), "-n", "20", "--out", out.toString()));

    EnvbookProcess.Result r = EnvbookProcess.run(limited, Map.of(), dir.resolve("log.txt"), PATIENCE);

    List<String> lines = EnvbookProcess.rolloutLines(out);
    assertThat(lines).as(r.output()).isNotEmpty().hasSizeLessThan(20);
    assertThat(RolloutFile.read(out).problems()).as("only whole lines are left in the file").isEmpty();
    int lost = 20 - lines.size();
    assertThat(r.output()).contains("  rollouts    20 requested, " + lines.size() + " written (" + lines.size() + " ran, 0 resumed), 0 failed, "
        + lost + " lost\n").contains("  lost: item ").contains("File too large")
        .contains("envbook: " + lost + " of 20 rollouts could not be recorded in " + out + ": see the lines starting with `lost:` above");
    assertThat(r.exitCode()).isEqualTo(1);
  }
}
