package io.envbook.kernel.groovy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.envbook.rollout.RunSummary;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** {@code run(env, ...)} in a Groovy cell: which model it uses, and what a wrong option says. */
class GroovyRunTest {
  private static final String ENV = """
      def env = environment('capitals') {
          dataset([[id: 'fr', country: 'France', capital: 'Paris']])
          prompt { item -> "Capital of ${item.country}?" }
          reward { item, result -> result.finalText().contains(item.capital) ? 1 : 0 }
          %s
      }
      """;
  private final GroovyEvaluator groovy = new GroovyEvaluator();

  private static MockResponse answer(String text) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
            + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}")
        .build();
  }

  private String error(String code) {
    return groovy.describe(catchThrowable(() -> groovy.eval(code))).evalue();
  }

  @Test
  void aModelPassedToRunIsAnOpenAiModelOnTheGivenServer() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(answer("It is Paris."));
      groovy.eval(ENV.formatted(""));

      RunSummary s = (RunSummary) groovy.eval("run(env, model: openai(baseUrl: '" + server.url("/v1") + "', model: 'm'))");

      assertThat(s.rollouts()).singleElement().satisfies(r -> assertThat(r.reward().value()).isEqualTo(1.0));
      assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/chat/completions");
    }
  }

  @Test
  void withoutAModelRunUsesTheOneTheEnvironmentDeclared() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(answer("Lyon"));
      groovy.eval(ENV.formatted("model openai(baseUrl: '" + server.url("/v1") + "', model: 'm')"));

      RunSummary s = (RunSummary) groovy.eval("run(env)");

      assertThat(s.rollouts()).singleElement().satisfies(r -> assertThat(r.reward().value()).isEqualTo(0.0));
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void aMisspelledOrMistypedRunOptionIsNamedWithTheFix() throws Exception {
    groovy.eval(ENV.formatted("model scripted { say('Paris') }"));

    assertThat(error("run(env, itmes: 2)")).isEqualTo("cell2.groovy:1: unknown run option `itmes`: did you mean `items`? Options: items, group, model, out, fresh, seed, item, itemsMatching, cache, cacheDir");
    assertThat(error("run(env, model: 'gpt-4o')")).startsWith("cell3.groovy:1: run's model: takes a model, such as openai(")
        .endsWith("not String `gpt-4o`");
    assertThat(error("run(env, items: 'two')")).isEqualTo("cell4.groovy:1: run's items: takes a whole number above 0, not `two`");
    assertThat(error("run(env, model: openai(baseUrl: 'http://localhost:1/v1', modle: 'm'))"))
        .startsWith("cell5.groovy:1: unknown openai option `modle`: did you mean `model`?");
  }

  @Test
  void anEnvironmentWithoutAModelSaysHowToPassOne() throws Exception {
    groovy.eval(ENV.formatted(""));

    assertThat(error("run(env)")).startsWith("environment `capitals` declares no model: pass one, as in run(env, model: openai(");
  }
}
