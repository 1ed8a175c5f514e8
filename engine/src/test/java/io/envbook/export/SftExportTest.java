package io.envbook.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.model.ToolSchema;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.TestRollouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SftExportTest {
  @TempDir Path dir;

  @Test
  void filterKeepsGoodRolloutsBestFirstAndDropsFailedOnes() {
    List<Rollout> rs = List.of(
        TestRollouts.rollout(0, 0, 0.5, null), TestRollouts.rollout(0, 1, 1.0, null), TestRollouts.rollout(0, 2, 1.0, "reward failed: x"),
        TestRollouts.rollout(1, 0, 0.2, null));

    assertThat(new SftFilter(0.5, 0, false).apply(rs)).extracting(Rollout::sample).containsExactly(1, 0);
    assertThat(new SftFilter(0.0, 1, false).apply(rs)).extracting(Rollout::itemIndex, Rollout::sample)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(1, 0));
  }

  @Test
  void dedupKeepsOneOfIdenticalConversations() {
    List<Rollout> rs = List.of(TestRollouts.rollout(0, 0, 1.0, null), TestRollouts.rollout(0, 1, 1.0, null));

    assertThat(new SftFilter(0, 0, true).apply(rs)).hasSize(1);
    assertThat(new SftFilter(0, 0, false).apply(rs)).hasSize(2);
  }

  @Test
  void shareGptUsesHermesTagsAndMergesToolResults() {
    JsonNode o = ShareGpt.format(TestRollouts.rollout(0, 0, 1.0, null), 7, List.of());

    assertThat(o.get("prompt_index").asInt()).isEqualTo(7);
    JsonNode conv = o.get("conversations");
    assertThat(conv).hasSize(4);
    assertThat(conv.get(0).get("from").asString()).isEqualTo("human");
    assertThat(conv.get(1).get("value").asString())
        .isEqualTo("<think>\nthink\n</think>\n<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 2}}\n</tool_call>");
    assertThat(conv.get(2).get("value").asString())
        .isEqualTo("<tool_response>\n{\"tool_call_id\": \"c1\", \"name\": \"add\", \"content\": \"5\"}\n</tool_response>");
    assertThat(conv.get(3).get("value").asString()).isEqualTo("<think>\n</think>\n5");
    assertThat(o.get("tool_stats").get("add").get("success").asInt()).isEqualTo(1);
    assertThat(o.get("api_calls").asInt()).isEqualTo(2);
  }

  @Test
  void shareGptSystemTurnListsTheToolsInTheHermesPreamble() {
    ToolSchema add = new ToolSchema("add", "Adds", null);

    JsonNode o = ShareGpt.format(TestRollouts.rollout(0, 0, 1.0, null), 0, List.of(add));

    String system = o.get("conversations").get(0).get("value").asString();
    assertThat(system).startsWith("You are a function calling AI model.").contains("<tools>\n[{\"type\":\"function\"");
  }

  @Test
  void writesOneLinePerKeptRolloutInEitherFormat() throws Exception {
    List<Rollout> rs = List.of(TestRollouts.rollout(0, 0, 1.0, null), TestRollouts.rollout(1, 0, 0.0, null));
    Path out = dir.resolve("sft/openai.jsonl");

    int n = SftExport.write(rs, new SftFilter(1.0, 0, false), SftExport.Format.parse("openai"), List.of(), out);

    assertThat(n).isEqualTo(1);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(1);
    assertThat(Json.parse(lines.get(0)).get("messages")).hasSize(4);
    assertThat(Json.parse(lines.get(0)).get("score").asDouble()).isEqualTo(1.0);
  }
}
