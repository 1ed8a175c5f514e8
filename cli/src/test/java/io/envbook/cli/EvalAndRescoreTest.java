package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class EvalAndRescoreTest extends ConsoleCapture {
  @TempDir Path dir;
  @Test
  void evalAddsTheEnvironmentsOwnEvaluate() throws Exception {
    int code = Main.execute("eval", "../examples/arithmetic", "--out", dir.toString());

    assertThat(code).isZero();
    JsonNode all = Json.parse(Files.readString(dir.resolve("metrics.json"))).get("results").get("all");
    assertThat(all.get("eval/held_out_percent_correct").asDouble()).isEqualTo(0.5);
    assertThat(all.get("eval/held_out_mean_reward").asDouble()).isEqualTo(0.5);
    assertThat(all.get("eval/mean_reward").asDouble()).as("the benchmark's own mean").isEqualTo(1.0);
    assertThat(stdout()).contains("the environment's own evaluate:", "eval/held_out_percent_correct     0.500");
  }

  @Test
  void evalWritesAtroposMetricsWithPassAtKAndCategories() throws Exception {
    int code = Main.execute("eval", "../examples/text_partial_credit", "--epochs", "3", "--pass-threshold", "0.8", "--out", dir.toString());

    assertThat(code).isZero();
    JsonNode all = Json.parse(Files.readString(dir.resolve("metrics.json"))).get("results").get("all");
    assertThat(all.get("eval/num_items").asInt()).isEqualTo(4);
    assertThat(all.get("eval/pass@1").asDouble()).isEqualTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(all.get("eval/pass@3").asDouble()).isEqualTo(1.0);
    assertThat(all.get("eval/mean_reward_europe").asDouble()).isEqualTo(0.7666666, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(Json.parse(Files.readString(dir.resolve("metrics.json"))).get("results").has("atropos|capitals_eval|0")).isTrue();
    assertThat(RolloutFile.read(dir.resolve("samples.jsonl")).rollouts()).hasSize(12);
    assertThat(stdout()).contains("  europe                      2    0.767");
  }

  @Test
  void anInterruptedBenchmarkResumedGivesTheSameMetricsAsAnUninterruptedOne() throws Exception {
    Path whole = dir.resolve("whole");
    Path parts = dir.resolve("parts");
    Main.execute("eval", "../examples/terminal_bench", "--epochs", "3", "--out", whole.toString());
    Main.execute("eval", "../examples/terminal_bench", "--epochs", "3", "--out", parts.toString());
    // Lose the last four samples and tear the one before, as a run killed near its end would.
    List<String> lines = Files.readAllLines(parts.resolve("samples.jsonl"));
    String torn = lines.get(lines.size() - 5).substring(0, 40);
    Files.writeString(parts.resolve("samples.jsonl"), String.join("\n", lines.subList(0, lines.size() - 5)) + "\n" + torn);

    Main.execute("eval", "../examples/terminal_bench", "--epochs", "3", "--out", parts.toString());

    JsonNode a = Json.parse(Files.readString(whole.resolve("metrics.json"))).get("results").get("all");
    JsonNode b = Json.parse(Files.readString(parts.resolve("metrics.json"))).get("results").get("all");
    assertThat(b).isEqualTo(a);
    assertThat(a.get("eval/pass@1").asDouble()).isEqualTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(a.get("eval/pass@3").asDouble()).isEqualTo(1.0);
    assertThat(stdout()).contains("(1 resumed from the output file)").contains("samples 6 (1 resumed), failed 0");
  }

  @Test
  void rescoreWritesNewRewardsAndKeepsTheOldFile() throws Exception {
    Path run = dir.resolve("run.jsonl");
    Main.execute("run", "../examples/arithmetic", "-n", "4", "--out", run.toString());
    Path script = dir.resolve("lenient.groovy");
    Files.writeString(script, Files.readString(Path.of("../examples/arithmetic/arithmetic.groovy"))
        .replace("jsonl('data/problems.jsonl')", "jsonl('" + Path.of("../examples/arithmetic/data/problems.jsonl").toAbsolutePath() + "')")
        .replace("parts correct: result.finalText().trim() == \"${item.answer}\",", "parts correct: true,"));

    int code = Main.execute("rescore", script.toString(), run.toString(), "--out", dir.resolve("new.jsonl").toString());

    assertThat(code).isZero();
    List<Rollout> before = RolloutFile.read(run).rollouts();
    List<Rollout> after = RolloutFile.read(dir.resolve("new.jsonl")).rollouts();
    assertThat(before).extracting(Rollout::score).containsOnly(1.0, 0.0);
    assertThat(after).filteredOn(r -> r.sample() == 1).extracting(Rollout::score).containsOnly(0.8);
    assertThat(stdout()).contains("rescored 8 rollouts: 4 changed, mean reward 0.500 -> 0.900");
    var source = RolloutFile.read(run).provenance();
    var rescored = RolloutFile.read(dir.resolve("new.jsonl")).provenance();
    assertThat(rescored.model()).as("the conversations' model").isEqualTo(source.model());
    assertThat(rescored.environment().get("reward")).as("the new reward").contains("parts correct: true,")
        .isNotEqualTo(source.environment().get("reward"));
    assertThat(stderr()).as("a transcript-only reward gives no warning").doesNotContain("read the sandbox");
  }

  @Test
  void rescoreSaysWhenTheRewardReadTheSandbox() throws Exception {
    Path run = dir.resolve("terminal.jsonl");
    Main.execute("run", "../examples/terminal_test", "-n", "2", "--out", run.toString());

    int code = Main.execute("rescore", "../examples/terminal_test", run.toString(), "--out", dir.resolve("new.jsonl").toString());

    assertThat(code).isZero();
    assertThat(stderr()).contains("warning: the reward read the sandbox in 6 of 6 rollouts;", "replay model");
  }

  @Test
  void processWritesScoredDataGroupsAndAnHtmlReport() throws Exception {
    Path out = dir.resolve("data/terminal.jsonl");

    int code = Main.execute("process", "../examples/terminal_test", "-n", "2", "--out", out.toString());

    assertThat(code).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(2);
    JsonNode group = Json.parse(lines.get(0));
    assertThat(group.get("scores").toString()).isEqualTo("[1.0,0.5,0.0]");
    assertThat(group.get("tokens")).hasSize(3);
    assertThat(group.get("masks").get(0).get(0).asInt()).isEqualTo(-100);
    assertThat(group.get("tokens").get(0).size()).isEqualTo(group.get("masks").get(0).size());
    assertThat(group.get("messages").get(0).get(0).get("role").asString()).isEqualTo("system");
    assertThat(group.get("group_overrides").get("envbook_placeholder_tokens").asString()).startsWith("utf8-bytes");
    assertThat(group.has("distill_token_ids")).isTrue();
    String html = Files.readString(dir.resolve("data/terminal.html"));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Rendered Messages - terminal.jsonl</title>").contains("<b>Group 0</b>");
  }

  @Test
  void exportWritesTheBestRolloutsAsShareGpt() throws Exception {
    Path run = dir.resolve("run.jsonl");
    Main.execute("run", "../examples/terminal_test", "--out", run.toString());

    int code = Main.execute("export", run.toString(), "--min-reward", "0.5", "--top-k", "1", "--out", dir.resolve("sft.jsonl").toString());

    assertThat(code).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("sft.jsonl"));
    assertThat(lines).hasSize(3);
    assertThat(Json.parse(lines.get(0)).get("metadata").get("reward").asDouble()).isEqualTo(1.0);
    assertThat(stdout()).contains("exported 3 of 9 rollouts to ");
  }

  @Test
  void partsWeighted7To2To1ThatAllPassAreExportedAsReward1() throws Exception {
    Path script = dir.resolve("thirds.groovy");
    Files.writeString(script, """
        environment('weighted') {
            dataset([[q: 'hi']])
            prompt { item -> item.q }
            weights a: 0.7, b: 0.2, c: 0.1
            reward { parts a: true, b: true, c: true }
            model scripted { say('hi') }
        }
        """);
    Path run = dir.resolve("weighted.jsonl");
    Main.execute("run", script.toString(), "--out", run.toString());

    int code = Main.execute("export", run.toString(), "--min-reward", "1", "--out", dir.resolve("sft.jsonl").toString());

    assertThat(code).isZero();
    assertThat(RolloutFile.read(run).rollouts()).singleElement().satisfies(r -> assertThat(r.score()).isEqualTo(1.0));
    assertThat(Files.readAllLines(dir.resolve("sft.jsonl"))).hasSize(1);
  }
}
