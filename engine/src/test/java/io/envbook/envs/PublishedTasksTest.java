package io.envbook.envs;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.Environment;
import io.envbook.env.OracleAgent;
import io.envbook.json.Json;
import io.envbook.loop.StopReason;
import io.envbook.model.ChatModel;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutRunner;
import io.envbook.sandbox.Isolation;
import io.envbook.sandbox.LocalSandboxProvider;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TerminalBench 2 on tasks in the layout it publishes (Harbor's), run under bubblewrap with the
 * folders laid over this machine: the shipped example tasks with the oracle, with scripted agents,
 * as Hugging Face dataset rows, and tasks that need what this machine cannot give.
 */
class PublishedTasksTest {
  private static final Path EXAMPLES = Path.of("../examples/harbor");
  @TempDir Path dir;

  private static Map<String, Double> rewards(List<Rollout> rollouts) {
    Map<String, Double> out = new LinkedHashMap<>();
    rollouts.forEach(r -> out.put(r.itemId(), r.reward().value()));
    return out;
  }

  private static List<Rollout> run(Environment env, ChatModel model) throws Exception {
    try (LocalSandboxProvider sandboxes = new LocalSandboxProvider(null, 100_000, Isolation.BUBBLEWRAP)) {
      return RolloutRunner.builder(env, model).sandboxes(sandboxes).items(Integer.MAX_VALUE).concurrency(3).build().run().rollouts().stream()
          .sorted(Comparator.comparing(Rollout::itemIndex)).toList();
    }
  }

  private static List<Rollout> oracle(String dataset) throws Exception {
    OracleAgent oracle = OracleAgent.of(new TerminalBench2Env(EnvSettings.of(Map.of("dataset", dataset))));
    return run(oracle.environment(), oracle.model());
  }

  @Test
  void theOracleSolvesEveryShippedTask() throws Exception {
    List<Rollout> rollouts = oracle(EXAMPLES.toString());

    assertThat(rollouts).allSatisfy(r -> assertThat(r.error()).isNull());
    assertThat(rewards(rollouts)).containsExactly(Map.entry("count-words", 1.0), Map.entry("csv-summary", 1.0),
        Map.entry("fix-greeting", 1.0));
    assertThat(rollouts.get(2).reward().explanation()).isEqualTo("reward.json says {reward=1.0, checks_passed=2.0}");
    assertThat(rollouts.get(0).messages().get(1).toolCalls().getFirst().arguments()).contains("bash /solution/solve.sh");
  }

  @Test
  void onADockerEngineTheOracleSolvesTheShippedTasksInImagesBuiltFromTheirDockerfiles() throws Exception {
    String problem = io.envbook.sandbox.DockerSandboxProvider.engineProblem();
    org.junit.jupiter.api.Assumptions.assumeTrue(problem == null, () -> "no Docker engine here: " + problem);
    OracleAgent oracle = OracleAgent.of(new TerminalBench2Env(EnvSettings.of(Map.of("dataset", EXAMPLES.toString()))));
    try (var docker = new io.envbook.sandbox.DockerSandboxProvider()) {
      List<Rollout> rollouts = RolloutRunner.builder(oracle.environment(), oracle.model()).sandboxes(docker).items(Integer.MAX_VALUE)
          .build().run().rollouts();

      assertThat(rollouts).allSatisfy(r -> assertThat(r.reward().value()).as(r.itemId() + ": " + r.error()).isEqualTo(1.0));
    }
  }

  @Test
  void scriptedAgentsScoreWhatTheirWorkIsWorth() throws Exception {
    ScriptedModel agent = ScriptedModel.policy(ctx -> {
      if (ctx.turn() == 0) {
        return terminal("find /tests /solution -type f | wc -l; pwd");
      }
      if (ctx.turn() > 1) {
        return Message.assistant("Done.");
      }
      return switch (ctx.itemId()) {
        case "count-words" -> terminal("wc -w < poem.txt > count.txt");
        case "fix-greeting" -> terminal("printf 'def greet(name):\\n    return \"Hello, \" + name + \"!\"\\n' > src/greet.py");
        default -> terminal("mkdir -p out && echo '{\"north\": 20, \"total\": 60}' > out/summary.json");
      };
    });

    List<Rollout> rollouts = run(new TerminalBench2Env(EnvSettings.of(Map.of("dataset", EXAMPLES.toString()))), agent);

    assertThat(rewards(rollouts)).containsExactly(Map.entry("count-words", 1.0), Map.entry("csv-summary", 0.0),
        Map.entry("fix-greeting", 0.5));
    assertThat(rollouts.get(0).messages().get(2).content()).as("no tests or solution while the agent works")
        .contains("\"output\":\"0\\n/app\\n\"");
    assertThat(rollouts.get(1).reward().explanation()).startsWith("reward.txt says 0; the tests said: ")
        .contains("wrong or missing: ['south', 'east']");
  }

  @Test
  void theBuiltInScriptedAgentGivesUpAndScoresNothing() throws Exception {
    Environment tb = new TerminalBench2Env(EnvSettings.of(Map.of("dataset", EXAMPLES.toString())));

    List<Rollout> rollouts = run(tb, ScriptedModel.policy(tb.scriptedPolicy()));

    assertThat(rewards(rollouts).values()).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void datasetRowsAsTheHubPublishesThemRunLikeTaskDirectories() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String task : List.of("count-words", "fix-greeting")) {
      Path t = EXAMPLES.resolve(task);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("task_name", task);
      row.put("category", "from-rows");
      row.put("instruction", Files.readString(t.resolve("instruction.md")));
      row.put("environment_tar", tarGz(t.resolve("environment")));
      row.put("tests_tar", tarGz(t.resolve("tests")));
      row.put("test_sh", Files.readString(t.resolve("tests/test.sh")));
      row.put("solution_sh", Files.readString(t.resolve("solution/solve.sh")));
      row.put("test_timeout", 60);
      lines.add(Json.write(row));
    }
    Path rows = Files.write(dir.resolve("tasks.jsonl"), lines);
    System.setProperty("envbook.task.cache", dir.resolve("cache").toString());
    try {
      List<Rollout> rollouts = oracle(rows.toString());

      assertThat(rewards(rollouts)).containsExactly(Map.entry("count-words", 1.0), Map.entry("fix-greeting", 1.0));
      assertThat(rollouts.get(0).item()).containsEntry("category", "from-rows");
    } finally {
      System.clearProperty("envbook.task.cache");
    }
  }

  @Test
  void aTaskWhoseImageAddsWhatThisMachineLacksSaysSoInOneSentence() throws Exception {
    task("needs-jq", "FROM debian:stable-slim\nWORKDIR /app\nRUN apt-get install -y jq\n", "");
    Files.writeString(task("prebuilt", null, "").resolve("task.toml"), "[environment]\ndocker_image = \"acme/prebuilt:1\"\n");

    List<Rollout> rollouts = oracle(dir.toString());

    assertThat(rollouts.get(0).error()).startsWith("preparing the sandbox failed: task needs-jq needs its image: its Dockerfile's "
        + "`RUN apt-get install -y jq` (line 3) failed on this machine (exit 100: ").endsWith("); run it with --sandbox docker");
    assertThat(rollouts.get(1).error()).isEqualTo("preparing the sandbox failed: task prebuilt needs its image acme/prebuilt:1: it has "
        + "no environment/Dockerfile to lay out over this machine; run it with --sandbox docker");
  }

  @Test
  void theTasksOwnTimeoutsBoundTheAgentAndTheTests() throws Exception {
    Files.writeString(task("slow-agent", "FROM debian\nWORKDIR /app\n", "echo 1 > /logs/verifier/reward.txt").resolve("task.toml"),
        "[agent]\ntimeout_sec = 2.0\n");
    Files.writeString(task("slow-tests", "FROM debian\nWORKDIR /app\n", "sleep 30").resolve("task.toml"),
        "[verifier]\ntimeout_sec = 2.0\n");
    ScriptedModel sleeper = ScriptedModel.policy(ctx -> ctx.itemId().equals("slow-agent") ? terminal("sleep 30")
        : Message.assistant("Done."));

    List<Rollout> rollouts = run(new TerminalBench2Env(EnvSettings.of(Map.of("dataset", dir.toString()))), sleeper);

    assertThat(rollouts.get(0).stopReason()).isEqualTo(StopReason.TIMEOUT);
    assertThat(rollouts.get(0).durationMs()).isLessThan(20_000);
    assertThat(rollouts.get(1).reward().explanation()).isEqualTo("the tests ran past 2 s");
  }

  private Path task(String name, String dockerfile, String test) throws Exception {
    Path t = Files.createDirectories(dir.resolve(name));
    Files.writeString(t.resolve("instruction.md"), "Do " + name + ".");
    if (dockerfile != null) {
      Files.writeString(Files.createDirectories(t.resolve("environment")).resolve("Dockerfile"), dockerfile);
    }
    Files.writeString(Files.createDirectories(t.resolve("tests")).resolve("test.sh"), test + "\n");
    return t;
  }

  private static Message terminal(String command) {
    return Message.assistant("", List.of(new ToolCall(null, "terminal", Json.write(Map.of("command", command)))));
  }

  private static String tarGz(Path folder) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
         Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        TarArchiveEntry e = new TarArchiveEntry(folder.relativize(f).toString());
        e.setSize(Files.size(f));
        e.setMode(Files.isExecutable(f) ? 0755 : 0644);
        tar.putArchiveEntry(e);
        Files.copy(f, tar);
        tar.closeArchiveEntry();
      }
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
