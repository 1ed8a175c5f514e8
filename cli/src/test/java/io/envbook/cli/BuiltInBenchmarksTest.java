package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.sandbox.DockerSandboxProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in Hermes benchmarks from the command line, with settings and a sandbox backend. */
class BuiltInBenchmarksTest extends ConsoleCapture {
  @TempDir Path dir;

  @Test
  void theOracleSolvesTheShippedPublishedFormatTasksInBubblewrap() throws Exception {
    int code = Main.execute("eval", "terminal-bench-2", "--set", "dataset=../examples/harbor", "--sandbox", "bubblewrap",
        "--model", "oracle", "--out", dir.toString());

    assertThat(code).as(stdout() + stderr()).isZero();
    var metrics = Json.parse(Files.readString(dir.resolve("metrics.json")));
    assertThat(metrics.at("/results/all/eval~1pass@1").asDouble()).isEqualTo(1.0);
    assertThat(stdout()).contains("terminal-bench-2 on oracle (built-in offline model)", "software-engineering", "data-processing",
        "text-processing", "the oracle solved every task: the task set is ready for a model");
  }

  @Test
  void aTaskTheOracleFailsIsNamedAndFailsTheRun() throws Exception {
    Path tasks = dir.resolve("tasks");
    for (String t : new String[] {"count-words", "fix-greeting"}) {
      copy(Path.of("../examples/harbor", t), tasks.resolve(t));
    }
    Files.writeString(tasks.resolve("fix-greeting/solution/solve.sh"), "#!/bin/bash\necho 'nothing to see' > /app/src/notes.txt\n");

    int code = Main.execute("eval", "terminal-bench-2", "--set", "dataset=" + tasks, "--sandbox", "bubblewrap", "--model", "oracle",
        "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(1);
    assertThat(stdout()).contains("the oracle failed 1 of 2 samples (2 tasks); fix these before spending model calls on them:\n"
        + "    fix-greeting: reward 0.0: reward.json says {reward=0.0, checks_passed=0.0}; the tests said: ");
  }

  @Test
  void theBuiltInScriptedAgentGivesUpOnEveryTask() throws Exception {
    int code = Main.execute("eval", "terminal-bench-2", "--set", "dataset=../examples/harbor", "--sandbox", "bubblewrap",
        "--out", dir.toString());

    assertThat(code).as(stderr()).isZero();
    var metrics = Json.parse(Files.readString(dir.resolve("metrics.json")));
    assertThat(metrics.at("/results/all/eval~1pass@1").asDouble()).isEqualTo(0.0);
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    try (var tree = Files.walk(from)) {
      for (Path p : tree.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  @Test
  void ycBenchRunsOnTheStandInSimulator() throws Exception {
    int code = Main.execute("run", "yc-bench", "--set", "command=../examples/yc_bench/yc-bench", "--set", "presets=medium",
        "--set", "seeds=3", "-g", "2", "--out", dir.resolve("yc.jsonl").toString());

    assertThat(code).as(stderr()).isZero();
    assertThat(io.envbook.rollout.RolloutFile.read(dir.resolve("yc.jsonl")).rollouts()).hasSize(2)
        .allMatch(r -> r.itemId().equals("medium-seed3"));
  }

  @Test
  void aBenchmarkLoadsItsTasksFromAHuggingFaceRepositoryFile() throws Exception {
    try (mockwebserver3.MockWebServer hub = new mockwebserver3.MockWebServer()) {
      hub.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
          .body(Files.readString(Path.of("../examples/swe/data/tasks.jsonl"))).build());
      hub.start();
      Path out = dir.resolve("swe.jsonl");
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "hermes-swe",
          "--set", "dataset=acme/swe-tasks", "--set", "file=data/tasks.jsonl", "-n", "1", "--out", out.toString())
          .redirectErrorStream(true);
      pb.environment().put("HF_ENDPOINT", hub.url("/").toString());
      pb.environment().put("ENVBOOK_HF_CACHE", dir.resolve("hf").toString());
      Process p = pb.start();
      String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(p.waitFor()).as(log).isZero();
      assertThat(hub.takeRequest().getUrl().encodedPath()).isEqualTo("/datasets/acme/swe-tasks/resolve/main/data/tasks.jsonl");
      assertThat(io.envbook.rollout.RolloutFile.read(out).rollouts()).extracting(r -> r.reward().value())
          .containsExactlyInAnyOrder(1.0, 0.1, 0.0, 1.0);
    }
  }

  @Test
  void aMisspelledSettingIsOneSentence() {
    int code = Main.execute("run", "hermes-swe", "--set", "prompt_feild=x");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).isEqualTo("envbook: environment hermes-swe has no setting `prompt_feild`: did you mean `prompt_field`? "
        + "Its settings are config, dataset, file, group, max_turns, prompt_field, sandbox, split.\n");
  }

  @Test
  void serveOptionsAreCheckedBeforeAnythingStarts() {
    assertThat(Main.execute("serve", "../examples/arithmetic", "--min-batch-allocation", "2")).isEqualTo(2);
    assertThat(stderr()).contains("envbook: --min-batch-allocation is a fraction of a batch: give a number from 0 to 1, not 2.0");
    assertThat(Main.execute("serve", "../examples/arithmetic", "--eval-handling", "stop")).isEqualTo(2);
    assertThat(stderr()).contains("expected one of [STOP_TRAIN, LIMIT_TRAIN, NONE] (case-insensitive) but was 'stop'");
  }

  @Test
  void settingsAreForBuiltInsOnly() {
    int code = Main.execute("run", "../examples/arithmetic", "--set", "dataset=x.jsonl");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).startsWith("envbook: --set applies to the built-in environments (hermes-swe, ");
  }

  @Test
  void theDockerBackendWithoutAnEngineSaysWhatToUseInstead() {
    Assumptions.assumeTrue(DockerSandboxProvider.engineProblem() != null, "a Docker engine answers here");

    int code = Main.execute("eval", "openthoughts-tblite", "--set", "dataset=../examples/harbor",
        "--out", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).startsWith("envbook: the docker sandbox needs a Docker engine, and ")
        .endsWith(": start one, or use sandbox 'bubblewrap' or 'local'\n");
  }
}
