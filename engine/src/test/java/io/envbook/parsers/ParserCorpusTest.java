package io.envbook.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The generated corpus against its expected parses ({@code parsers/expected.jsonl}): Hermes' answer
 * where Hermes is right, the better answer where envbook is better (docs/parsers.md lists which).
 */
class ParserCorpusTest {
  static List<JsonNode> expected() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        ParserCorpusTest.class.getResourceAsStream("/parsers/expected.jsonl"), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add(Json.parse(line));
      }
    }
    return out;
  }

  @Test
  void theGeneratorStillGivesTheRecordedTexts() throws IOException {
    Map<String, List<JsonNode>> bySeed = new LinkedHashMap<>();
    for (JsonNode e : expected()) {
      String id = e.get("id").asString();
      bySeed.computeIfAbsent(id.substring(0, id.lastIndexOf('/')), k -> new ArrayList<>()).add(e);
    }
    assertThat(bySeed.keySet()).extracting(k -> k.substring(0, k.indexOf('/'))).containsAll(ToolCallParsers.names());
    for (Map.Entry<String, List<JsonNode>> group : bySeed.entrySet()) {
      String[] parts = group.getKey().split("/");
      List<ParserCorpus.Case> cases = ParserCorpus.cases(parts[0], Long.parseLong(parts[1]), group.getValue().size());
      assertThat(cases).extracting(ParserCorpus.Case::text)
          .as(group.getKey()).containsExactlyElementsOf(group.getValue().stream().map(e -> e.get("text").asString()).toList());
    }
  }

  @Test
  void everyParserGivesTheExpectedParse() throws IOException {
    List<String> wrong = new ArrayList<>();
    List<JsonNode> all = expected();
    for (JsonNode e : all) {
      JsonNode got = ExpectedParses.parse(ToolCallParsers.get(e.get("parser").asString()).parse(e.get("text").asString()));
      if (!got.equals(e.get("expected"))) {
        wrong.add(e.get("id").asString() + "\n  text:     " + Json.write(e.get("text")) + "\n  expected: " + e.get("expected")
            + "\n  got:      " + got);
      }
    }
    assertThat(all).hasSizeGreaterThan(1000);
    assertThat(wrong).as(wrong.size() + " of " + all.size() + " cases parse differently").isEmpty();
  }
}
