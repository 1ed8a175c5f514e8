package io.envbook.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.model.openai.OpenAiModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
  private static Map<String, String> facts(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void anOpenAiModelIsRecordedWithItsServersButNoCredentials() {
    OpenAiModel m = OpenAiModel.builder().server("https://user:s3cret@gpu1:8000/v1?api_key=k3y").server("http://gpu0:8000/v1")
        .model("Qwen/Qwen3-8B").apiKey("sk-abc").extraBody(Map.of("provider", "x", "api_token", "t0k")).build();

    Map<String, String> facts = m.provenance();

    assertThat(facts).containsEntry("name", "openai:Qwen/Qwen3-8B").containsEntry("servers", "http://gpu0:8000/v1, https://gpu1:8000/v1")
        .containsEntry("request_fields", "{\"api_token\":\"***\",\"provider\":\"x\"}");
    assertThat(facts.toString()).doesNotContain("s3cret", "k3y", "sk-abc", "t0k");
  }

  @Test
  void aTokenModelIsRecordedWithItsServerButNoCredentials() {
    var m = io.envbook.model.token.SglangModel.builder().server("http://user:pw@gpu1:30000").model("Qwen/Qwen3-8B").apiKey("sk").build();

    assertThat(m.provenance()).containsExactly(Map.entry("name", m.name()), Map.entry("server", "http://gpu1:30000"));
  }

  @Test
  void longOrMultiLineValuesAreNamedAsChangedAndShortOnesShowBothSides() {
    Provenance then = new Provenance(facts("name", "e", "reward", "{ item ->\n 1 }"), facts("name", "scripted"), facts("sandbox", "local"));
    Provenance now = new Provenance(facts("name", "e", "reward", "{ item ->\n 0 }", "tool:add", "Adds"),
        facts("name", "openai:m", "servers", "http://h/v1"), facts());

    assertThat(now.differencesFrom(then)).containsExactly("the reward changed", "tool `add` changed from none to `Adds`",
        "the model changed from `scripted` to `openai:m`", "the sandbox changed from `local` to none");
    assertThat(now.differencesFrom(now)).isEmpty();
  }

  @Test
  void theHeaderSurvivesItsJsonForm() {
    Provenance p = new Provenance(Map.of("name", "e", "prompt", "{ item -> \"${item.q}\" }"), Map.of("name", "scripted"),
        Map.of("group_size", "3"));

    assertThat(Provenance.fromJson(Json.parse(Json.write(p.toJson())))).isEqualTo(p);
  }
}
