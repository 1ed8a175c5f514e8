package io.envbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.env.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of mistake in a script gives one sentence with file and line; messages checked word for word. */
class DslErrorsTest {
  @TempDir Path dir;

  private static final String OK_BODY = """
          dataset([[q: '2+3', answer: 5]])
          prompt { item -> "What is ${item.q}?" }
          reward { item, result -> result.finalText().contains("${item.answer}") }
      """;

  private String error(String source) {
    return assertThatThrownBy(() -> DslLoader.parse(source, "env.groovy", dir)).isInstanceOf(DslException.class)
        .actual().getMessage();
  }

  @Test
  void aMisspelledKeywordSuggestsTheRightOne() {
    assertThat(error("""
        environment('e') {
            dataset([[q: 1]])
            promt { item -> 'x' }
        }
        """)).isEqualTo("env.groovy:3: unknown keyword `promt`: did you mean `prompt`?");
  }

  @Test
  void anUnknownKeywordFarFromAnyListsTheKeywords() {
    assertThat(error("environment('e') {\n  frobnicate 3\n}\n"))
        .startsWith("env.groovy:2: unknown keyword `frobnicate`: Keywords: dataset, items, jsonl, json, csv, parquet, huggingface, system,");
  }

  @Test
  void aMisspelledLimitsOptionSuggestsTheRightOne() {
    assertThat(error("environment('e') {\n" + OK_BODY + "    limits {\n        maxTurn 8\n    }\n}\n"))
        .isEqualTo("env.groovy:6: unknown limits option `maxTurn`: did you mean `maxTurns`?");
  }

  @Test
  void aBadDurationSaysHowToWriteOne() {
    assertThat(error("environment('e') {\n" + OK_BODY + "    limits { timeout '2 minutes' }\n}\n"))
        .isEqualTo("env.groovy:5: timeout '2 minutes' is not a duration: write it like '90s', '2m' or '1h'");
  }

  @Test
  void anUnknownToolsetSuggestsTheRightOne() {
    assertThat(error("environment('e') {\n" + OK_BODY + "    tools 'terminal', 'files'\n}\n"))
        .isEqualTo("env.groovy:5: unknown toolset `files`: did you mean `file`? Toolsets: file, terminal, or an MCP server: mcp(...)");
  }

  @Test
  void anUnknownSandboxSuggestsTheRightOneFromTheBackendsThatExist() {
    assertThat(error("environment('e') {\n" + OK_BODY + "    sandbox 'bubblewarp'\n}\n"))
        .isEqualTo("env.groovy:5: unknown sandbox `bubblewarp`: did you mean `bubblewrap`? Sandboxes: "
            + String.join(", ", io.envbook.sandbox.SandboxBackends.names()));
  }

  @Test
  void anUnknownParserSuggestsTheRightOne() {
    assertThat(error("environment('e') {\n" + OK_BODY + "    parser 'hermez'\n}\n"))
        .isEqualTo("env.groovy:5: unknown tool-call parser `hermez`: did you mean `hermes`? Parsers: hermes, qwen, longcat, mistral, "
            + "llama3_json, llama4_json, qwen3_coder, deepseek_v3, deepseek_v3_1, deepseek_v31, kimi_k2, glm45, glm47");
  }

  @Test
  void aMissingPromptIsNamed() {
    assertThat(error("""
        environment('e') {
            dataset([[q: 1]])
            reward { 1 }
        }
        """)).isEqualTo("env.groovy:1: environment `e` has no prompt (prompt { item -> \"...\" })");
  }

  @Test
  void aMissingRewardIsNamed() {
    assertThat(error("""
        environment('e') {
            dataset([[q: 1]])
            prompt { item -> 'x' }
        }
        """)).isEqualTo("env.groovy:1: environment `e` has no reward (reward { item, result, ctx -> 1.0 })");
  }

  @Test
  void aMissingDatasetFileIsNamedWhenTheEnvironmentIsSetUp() {
    DslEnvironment env = DslLoader.parse("""
        environment('e') {
            dataset jsonl('data/nope.jsonl')
            prompt { item -> 'x' }
            reward { 1 }
        }
        """, "env.groovy", dir);

    assertThatThrownBy(env::setup).hasMessage("env.groovy:2: dataset file " + dir.resolve("data/nope.jsonl") + " does not exist");
  }

  @Test
  void aBadDatasetLineIsNamedByFileAndLineWhenItIsReached() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/x.jsonl"), "{\"q\":1}\n{\"q\":2}\n{\"q\":\n");
    DslEnvironment env = DslLoader.parse("environment('e') {\n  dataset jsonl('data/x.jsonl')\n  prompt { 'x' }\n  reward { 1 }\n}\n",
        "env.groovy", dir);

    env.setup();
    assertThat(env.nextItem().get("q")).isEqualTo(1);
    assertThat(env.nextItem().get("q")).isEqualTo(2);
    assertThatThrownBy(env::nextItem).hasMessageStartingWith("env.groovy:2: " + dir.resolve("data/x.jsonl") + " line 3 is not valid JSON: ");
    assertThatThrownBy(env::items).as("envbook check reads the whole file")
        .hasMessageStartingWith("env.groovy:2: " + dir.resolve("data/x.jsonl") + " line 3 is not valid JSON: ");
  }

  @Test
  void aRewardThatReturnsTextSaysWhatToReturn() {
    DslEnvironment env = DslLoader.parse("environment('e') {\n" + """
          dataset([[q: 1]])
          prompt { 'x' }
          reward { item -> 'good' }
        }
        """, "env.groovy", dir);

    assertThatThrownBy(() -> env.computeReward(env.items().get(0), null, null))
        .hasMessage("env.groovy:4: the reward returned a String (good): return a number, true/false, parts(name: score, ...) or a judge's verdict");
  }

  @Test
  void aRewardPartWithoutAWeightIsNamedWithTheWeightItProbablyMeant() {
    DslEnvironment env = DslLoader.parse("environment('e') {\n" + """
          dataset([[q: 1]])
          prompt { 'x' }
          weights a: 0.5, b: 0.5
          reward { item -> parts a: true, c: true }
        }
        """, "env.groovy", dir);

    assertThatThrownBy(() -> env.computeReward(env.items().get(0), null, null))
        .hasMessage("env.groovy:5: reward part `c` has no weight: did you mean `b`? Weights are given for a, b; "
            + "give every part a weight, or give no weights");
  }

  @Test
  void aWeightWithoutARewardPartIsNamedWhenTheRewardReturnsAMap() {
    DslEnvironment env = DslLoader.parse("environment('e') {\n" + """
          dataset([[q: 1]])
          prompt { 'x' }
          weights correct: 0.8, format: 0.2
          reward { item -> [correct: 1, fromat: 1] }
        }
        """, "env.groovy", dir);

    assertThatThrownBy(() -> env.computeReward(env.items().get(0), null, null))
        .hasMessage("env.groovy:5: reward part `fromat` has no weight: did you mean `format`? Weights are given for correct, format; "
            + "give every part a weight, or give no weights");
  }

  @Test
  void aMisspelledMethodInARewardNamesTheTypeAndTheClosestMethod() {
    DslEnvironment env = DslLoader.parse("environment('e') {\n" + """
          dataset([[q: 1]])
          prompt { 'x' }
          reward { item -> item.sizze() }
        }
        """, "env.groovy", dir);

    assertThatThrownBy(() -> env.computeReward(env.items().get(0), null, null))
        .hasMessage("env.groovy:4: MissingMethodException: no method sizze() on java.util.LinkedHashMap, did you mean `size`?");
  }

  @Test
  void anEvaluateThatReturnsNoMapSaysWhatToReturn() {
    DslEnvironment env = DslLoader.parse("environment('e') {\n" + """
          dataset([[q: 1]])
          prompt { 'x' }
          reward { 1 }
          evaluate { 0.5 }
        }
        """, "env.groovy", dir);

    assertThatThrownBy(() -> env.evaluate((items, samples) -> java.util.List.of()))
        .hasMessage("env.groovy:5: evaluate returned a BigDecimal: return a map of metric names to numbers");
  }

  @Test
  void aRewardWithTooManyParametersIsRefused() {
    assertThat(error("environment('e') {\n  dataset([[q: 1]])\n  prompt { 'x' }\n  reward { a, b, c, d -> 1 }\n}\n"))
        .isEqualTo("env.groovy:4: reward takes up to 3 parameters (item, result, ctx), got 4");
  }

  @Test
  void groupZeroIsRefused() {
    assertThat(error("environment('e') {\n" + OK_BODY + "    group 0\n}\n"))
        .isEqualTo("env.groovy:5: group must be at least 1 rollout per item, got 0");
  }

  @Test
  void aSyntaxErrorIsOneSentenceWithItsLine() {
    assertThat(error("environment('e') {\n  prompt { item -> 'x' \n}\n"))
        .isEqualTo("env.groovy:3: the script ends inside an unclosed `{`, `(` or string: close it");
    assertThat(error("environment('e') {\n  group = = 2\n}\n")).startsWith("env.groovy:2: Unexpected input: ").endsWith("(column 11)");
  }

  @Test
  void aScriptWithoutEnvironmentSaysHowToStart() {
    assertThat(error("def x = 1\n")).isEqualTo("env.groovy: the script declares no environment: write environment('name') { ... }");
    assertThat(error("enviroment('e') { }\n"))
        .isEqualTo("env.groovy:1: unknown name `enviroment`: did you mean `environment`? A script starts with environment('name') { ... }");
  }

  @Test
  void aPromptThatFailsNamesTheItemAndTheLine() {
    DslEnvironment env = DslLoader.parse("""
        environment('e') {
            dataset([[q: 1]])
            prompt { item -> "x ${item.q.nope()}" }
            reward { 1 }
        }
        """, "env.groovy", dir);
    Item item = env.items().get(0);

    assertThatThrownBy(() -> env.formatPrompt(item)).hasMessageStartingWith("env.groovy:3: the prompt failed for item `0`: MissingMethodException: ");
  }

  @Test
  void scriptVariablesAndMethodsAreVisibleInsideTheEnvironment() {
    DslEnvironment env = DslLoader.parse("""
        def greeting = 'Hello'
        def shout(s) { s.toUpperCase() }
        environment('e') {
            dataset([[name: 'ada']])
            prompt { item -> "${greeting} ${shout(item.name)}" }
            reward { 1 }
        }
        """, "env.groovy", dir);

    assertThat(env.formatPrompt(env.items().get(0))).isEqualTo("Hello ADA");
  }
}
