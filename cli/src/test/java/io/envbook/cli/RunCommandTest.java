package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest extends ConsoleCapture {
  @TempDir Path dir;

  @Test
  void runsTheBuiltInTerminalTestAndWritesRewards() throws Exception {
    Path file = dir.resolve("runs/t.jsonl");

    int code = Main.execute("run", "terminal-test", "--model", "scripted", "-n", "3", "--out", file.toString());

    assertThat(code).isZero();
    List<Rollout> rs = RolloutFile.read(file).rollouts();
    assertThat(rs).hasSize(9);
    assertThat(rs).filteredOn(r -> r.sample() == 0).allMatch(r -> r.score() == 1.0);
    assertThat(rs).filteredOn(r -> r.sample() == 1).allMatch(r -> r.score() == 0.5);
    assertThat(rs).filteredOn(r -> r.sample() == 2).allMatch(r -> r.score() == 0.0);
    assertThat(stdout()).contains("  group 1: item ").contains("  reward      mean 0.500  min 0.000  max 1.000")
        .contains("(built-in offline model: these rewards test the environment, not a model)");
  }

  @Test
  void anUnknownEnvironmentIsOneSentenceAndExitCode2() {
    int code = Main.execute("run", "termnal-test");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).isEqualTo("envbook: no environment `termnal-test`: did you mean `terminal-test`? Give a .groovy script, "
        + "a folder holding one, a class name, or a built-in (hermes-swe, openthoughts-tblite, terminal-bench-2, terminal-test, yc-bench)\n");
  }

  @Test
  void aModelNameWithoutAServerSaysWhatToAdd() {
    int code = Main.execute("run", "terminal-test", "--model", "qwen3");

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).isEqualTo("envbook: model `qwen3` needs a server: add --base-url http://HOST:PORT/v1 (or use --model scripted)\n");
  }

  @Test
  void aJavaEnvironmentClassRuns() throws Exception {
    Path file = dir.resolve("slow.jsonl");

    assertThat(Main.execute("run", SlowEnv.class.getName(), "-n", "2", "--out", file.toString())).isZero();

    assertThat(RolloutFile.read(file).rollouts()).hasSize(4).allMatch(r -> r.score() == 1.0);
  }

  @Test
  void aRealServerIsUsedThroughBaseUrl() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      for (int i = 0; i < 3; i++) {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"choices\":[{\"message\":{\"role\":\"assistant\","
            + "\"content\":\"I cannot do that.\"},\"finish_reason\":\"stop\"}]}").build());
      }
      server.start();
      Path file = dir.resolve("real.jsonl");

      int code = Main.execute("run", "terminal-test", "--model", "some-model", "--base-url", server.url("/v1").toString(),
          "-n", "1", "--out", file.toString());

      assertThat(code).isZero();
      assertThat(RolloutFile.read(file).rollouts()).hasSize(3).allMatch(r -> r.ok() && r.score() == 0.0)
          .allMatch(r -> r.model().equals("openai:some-model"));
      assertThat(stdout()).doesNotContain("built-in offline model");
    }
  }

  @Test
  void freshStartsOver() throws Exception {
    Path file = dir.resolve("t.jsonl");
    Main.execute("run", "terminal-test", "-n", "1", "--out", file.toString());
    Main.execute("run", "terminal-test", "-n", "1", "--out", file.toString());
    assertThat(Files.readAllLines(file)).as("the header and three rollouts").hasSize(4);
    assertThat(stdout()).contains("(3 resumed from the output file)").contains("rollouts    3 requested, 3 written (0 ran, 3 resumed), 0 failed, 0 lost");

    Main.execute("run", "terminal-test", "-n", "1", "--out", file.toString(), "--fresh");

    assertThat(Files.readAllLines(file)).hasSize(4);
  }
}
