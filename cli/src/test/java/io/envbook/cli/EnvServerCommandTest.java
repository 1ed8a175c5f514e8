package io.envbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import io.envbook.rollout.RolloutFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code envbook env-server} as a real process, driven by an OpenEnv-protocol client in Python
 * ({@code src/test/python/openenv_client.py}, Debian's python3-requests and python3-websockets).
 */
@Timeout(300)
class EnvServerCommandTest {
  static final String PYTHON = "/usr/bin/python3";
  @TempDir Path dir;

  @Test
  void fiftyEpisodesAtOnceOverHttpAndWebSocketEarnTheRewardsOfARunWithTheSameActionsAndLeaveNoSandbox() throws Exception {
    Path recorded = dir.resolve("run.jsonl");
    assertThat(Main.execute("run", "../examples/terminal_test", "--model", "scripted", "--out", recorded.toString())).isZero();
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path episodes = dir.resolve("episodes.jsonl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "env-server", "../examples/terminal_test", "--port", "0", "--out", episodes.toString())
        .redirectErrorStream(true).start();
    try {
      String base = awaitAddress(server);

      JsonNode replay = client("replay", base, recorded.toString(), "50");
      assertThat(replay.get("failed")).as(replay.toString()).isEmpty();
      assertThat(replay.get("matched").asInt()).as(replay.toString()).isEqualTo(50);
      assertThat(replay.get("rewards").toString()).isEqualTo("[0.0,0.5,1.0]");
      assertThat(sandboxesLeft(tmp)).as("every finished episode's sandbox is gone").isZero();

      JsonNode abuse = client("abuse", base);
      assertThat(abuse.get("not_json").get("status").asInt()).isEqualTo(422);
      assertThat(abuse.get("no_action").get("detail").asString()).contains("the body has no action");
      assertThat(abuse.get("unknown_episode").get("status").asInt()).isEqualTo(404);
      assertThat(abuse.get("unknown_reset_field").get("detail").asString()).contains("did you mean `seed`?");
      assertThat(abuse.get("unknown_tool").get("detail").asString()).contains("there is no tool `termnal`: did you mean `terminal`?");
      assertThat(abuse.get("arguments_not_object").get("status").asInt()).isEqualTo(422);
      assertThat(abuse.get("bad_action_field").get("detail").asString()).contains("did you mean `content`?");
      assertThat(abuse.get("unknown_path").get("status").asInt()).isEqualTo(404);
      assertThat(abuse.get("tool_failure").get("status").asInt()).as("a failing tool is an observation").isEqualTo(200);
      assertThat(abuse.get("tool_failure").get("result").asString()).contains("error");
      assertThat(abuse.get("mcp_call").asString()).contains("via mcp");
      assertThat(abuse.get("mcp_unknown_method").get("code").asInt()).isEqualTo(-32601);
      assertThat(abuse.get("state").get("step_count").asInt()).isEqualTo(2);
      assertThat(abuse.get("ws_not_json").get("code").asString()).isEqualTo("INVALID_JSON");
      assertThat(abuse.get("ws_unknown_type").get("message").asString()).contains("did you mean `step`?");
      assertThat(abuse.get("ws_step_before_reset").get("code").asString()).isEqualTo("VALIDATION_ERROR");
      assertThat(abuse.get("ws_reset_after_errors").asString()).isEqualTo("observation");
      assertThat(abuse.get("health").get("status").asString()).isEqualTo("healthy");
    } finally {
      server.destroy();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(sandboxesLeft(tmp)).as("the server closed the episodes still open when it stopped").isZero();
    List<io.envbook.rollout.Rollout> written = RolloutFile.read(episodes).rollouts();
    assertThat(written.stream().filter(r -> r.error() == null).count()).as("the 50 replayed episodes, as rollouts").isGreaterThanOrEqualTo(50);
    assertThat(written).allMatch(r -> r.model().equals("env-server"));
  }

  private static String awaitAddress(Process server) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    Pattern address = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)");
    StringBuilder seen = new StringBuilder();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.append(line).append('\n');
      Matcher m = address.matcher(line);
      if (m.find()) {
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
        return m.group(1);
      }
    }
    throw new AssertionError("env-server ended before it listened:\n" + seen);
  }

  private JsonNode client(String... args) throws Exception {
    String[] command = Stream.concat(Stream.of(PYTHON, "src/test/python/openenv_client.py"), Stream.of(args)).toArray(String[]::new);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return Json.parse(out.strip().lines().reduce((a, b) -> b).orElse(""));
  }

  /** Task directories still under the sandbox base directories of the server's temp dir. */
  private static long sandboxesLeft(Path tmp) throws Exception {
    long left = 0;
    try (Stream<Path> bases = Files.list(tmp)) {
      for (Path b : bases.filter(p -> p.getFileName().toString().startsWith("envbook-sandboxes-")).toList()) {
        try (Stream<Path> tasks = Files.list(b)) {
          left += tasks.count();
        }
      }
    }
    return left;
  }
}
