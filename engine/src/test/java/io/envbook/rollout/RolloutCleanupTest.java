package io.envbook.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.envs.TerminalTestEnv;
import io.envbook.json.Json;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import io.envbook.sandbox.LocalSandboxProvider;
import io.envbook.sandbox.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutCleanupTest {
  @TempDir Path base;

  @Test
  void twoHundredRolloutsInARowLeaveNoProcessesDirectoriesOrOpenFiles() throws Exception {
    String m = "300." + String.format("%09d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L));
    // Each rollout leaves a background process running and writes its answer; the reward reads it.
    ScriptedModel model = ScriptedModel.policy(ctx -> ctx.turn() > 0 ? Message.assistant("done")
        : Message.assistant("", List.of(new ToolCall(null, "terminal",
            Json.write(Map.of("command", "sleep " + m + " & printf '%s' '" + ctx.item().get("content") + "' > " + ctx.item().get("path")))))));
    long fdsBefore = openFiles();

    RunSummary s;
    try (LocalSandboxProvider sandboxes = new LocalSandboxProvider(base, 10_000)) {
      s = RolloutRunner.builder(new TerminalTestEnv(), model).sandboxes(sandboxes).items(3).groupSize(67).concurrency(4).build().run();
      try (Stream<Path> left = Files.list(base)) {
        assertThat(left).as("task directories left").isEmpty();
      }
    }

    assertThat(s.total()).isEqualTo(201);
    assertThat(s.rollouts()).allSatisfy(r -> assertThat(r.reward().value()).isEqualTo(1.0));
    assertThat(Processes.survivors(m)).isEmpty();
    assertThat(openFiles()).isLessThanOrEqualTo(fdsBefore + 5);
  }

  private static long openFiles() throws Exception {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
