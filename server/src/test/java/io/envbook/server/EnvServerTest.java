package io.envbook.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Limits;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.json.Json;
import io.envbook.loop.AgentResult;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutFile;
import io.envbook.sandbox.LocalSandboxProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The environment server over real sockets: HTTP and WebSocket clients from the JDK. */
@Timeout(120)
class EnvServerTest {
  /** "Write WORD to out.txt": 1 when out.txt holds the word, 0.5 for the word among other text. */
  static final class Words implements Environment {
    private final List<String> words = List.of("alpha", "beta", "gamma");
    private final int maxTurns;
    private int next;

    Words(int maxTurns) {
      this.maxTurns = maxTurns;
    }

    @Override
    public EnvConfig config() {
      return EnvConfig.builder("words").toolsets("terminal", "file").limits(Limits.DEFAULT.withMaxTurns(maxTurns)).build();
    }

    @Override
    public void setup() {
      next = 0;
    }

    @Override
    public Item nextItem() {
      return next < words.size() ? Item.of(words.get(next), Map.of("word", words.get(next++))) : null;
    }

    @Override
    public String formatPrompt(Item item) {
      return "Write " + item.text("word") + " to out.txt";
    }

    @Override
    public Reward computeReward(Item item, AgentResult result, ToolContext ctx) throws Exception {
      String text = ctx.readFile("out.txt");
      return Reward.of(text == null ? 0 : text.strip().equals(item.text("word")) ? 1 : text.contains(item.text("word")) ? 0.5 : 0);
    }
  }

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private LocalSandboxProvider sandboxes;
  private EnvServer server;

  private EnvServer start(Environment env, EnvServerSettings.Builder settings) throws Exception {
    sandboxes = new LocalSandboxProvider(dir.resolve("sandboxes"), 100_000, io.envbook.sandbox.Isolation.NONE);
    server = EnvServer.start(env, sandboxes, settings.port(0).build());
    return server;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (sandboxes != null) {
      sandboxes.close();
    }
  }

  private JsonNode post(String path, String json, int status) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return r.body().isEmpty() ? null : Json.parse(r.body());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  private static String write(String episode, String text) {
    return "{\"episode_id\": \"" + episode + "\", \"action\": {\"tool_calls\": [{\"name\": \"write_file\", \"arguments\": "
        + "{\"path\": \"out.txt\", \"content\": \"" + text + "\"}}]}}";
  }

  private long sandboxesLeft() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("sandboxes"))) {
      return s.count();
    }
  }

  @Test
  void anEpisodeRunsToolCallsInItsSandboxAndEndsWithTheRewardAsARolloutLine() throws Exception {
    start(new Words(8), EnvServerSettings.builder().out(dir.resolve("episodes.jsonl")));

    JsonNode reset = post("/reset", "{\"item_id\": \"beta\"}", 200);
    JsonNode obs = reset.get("observation");
    assertThat(reset.get("done").asBoolean()).isFalse();
    assertThat(reset.get("reward").isNull()).isTrue();
    assertThat(obs.get("messages").get(0).get("content").asString()).isEqualTo("Write beta to out.txt");
    assertThat(obs.get("tools").findValuesAsString("name")).contains("terminal", "write_file");
    String episode = obs.get("episode_id").asString();

    JsonNode step = post("/step", write(episode, "beta"), 200);
    assertThat(step.get("done").asBoolean()).isFalse();
    assertThat(step.get("observation").get("tool_results").get(0).get("name").asString()).isEqualTo("write_file");
    assertThat(get("/state?episode_id=" + episode).get("step_count").asInt()).isEqualTo(1);

    JsonNode end = post("/step", "{\"episode_id\": \"" + episode + "\", \"action\": {\"content\": \"Done.\"}}", 200);
    assertThat(end.get("done").asBoolean()).isTrue();
    assertThat(end.get("reward").asDouble()).isEqualTo(1.0);
    assertThat(end.get("observation").get("stop_reason").asString()).isEqualTo("natural");

    Rollout r = RolloutFile.read(dir.resolve("episodes.jsonl")).rollouts().get(0);
    assertThat(r.itemId()).isEqualTo("beta");
    assertThat(r.score()).isEqualTo(1.0);
    assertThat(r.model()).isEqualTo("env-server");
    assertThat(sandboxesLeft()).as("the finished episode's sandbox is gone").isZero();
  }

  @Test
  void rawModelTextIsReadWithTheEnvironmentsParserAndABadCallGoesBackAsAToolError() throws Exception {
    start(new Words(8), EnvServerSettings.builder());
    String episode = post("/reset", "{\"item_index\": 0}", 200).get("observation").get("episode_id").asString();

    JsonNode step = post("/step", "{\"episode_id\": \"" + episode + "\", \"action\": {\"text\": \"I will write it.\\n<tool_call>\\n"
        + "{\\\"name\\\": \\\"write_file\\\", \\\"arguments\\\": {\\\"path\\\": \\\"out.txt\\\", \\\"content\\\": \\\"alpha\\\"}}\\n</tool_call>"
        + "<tool_call>{\\\"name\\\": \\\"nope\\\", \\\"arguments\\\": {}}</tool_call>\"}}", 200);

    JsonNode results = step.get("observation").get("tool_results");
    assertThat(results).hasSize(2);
    assertThat(results.get(1).get("content").asString()).contains("Unknown tool 'nope'");
    JsonNode end = post("/step", "{\"episode_id\": \"" + episode + "\", \"action\": {\"text\": \"Done.\"}}", 200);
    assertThat(end.get("reward").asDouble()).isEqualTo(1.0);
  }

  @Test
  void theTurnLimitEndsAnEpisodeWithItsReward() throws Exception {
    start(new Words(1), EnvServerSettings.builder());
    String episode = post("/reset", "{\"seed\": 4}", 200).get("observation").get("episode_id").asString();

    JsonNode end = post("/step", write(episode, "beta and more"), 200);

    assertThat(end.get("done").asBoolean()).isTrue();
    assertThat(end.get("observation").get("stop_reason").asString()).isEqualTo("max_turns");
    assertThat(end.get("reward").asDouble()).as("seed 4 of 3 items is beta").isEqualTo(0.5);
  }

  @Test
  void anIdleEpisodeIsClosedAndItsSandboxRemoved() throws Exception {
    start(new Words(8), EnvServerSettings.builder().idleTimeout(Duration.ofMillis(400)));
    String episode = post("/reset", "{}", 200).get("observation").get("episode_id").asString();
    assertThat(sandboxesLeft()).isEqualTo(1);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (sandboxesLeft() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertThat(sandboxesLeft()).isZero();
    // closed, then (idle again) forgotten: either way the step is refused
    HttpResponse<String> late = http.send(HttpRequest.newBuilder(server.uri().resolve("/step")).POST(HttpRequest.BodyPublishers.ofString(
        write(episode, "x"))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(late.statusCode()).as(late.body()).isIn(404, 409);
  }

  @Test
  void episodesBeyondTheSessionLimitAreRefusedUntilOneEnds() throws Exception {
    start(new Words(8), EnvServerSettings.builder().sessions(1));
    String first = post("/reset", "{}", 200).get("observation").get("episode_id").asString();

    assertThat(post("/reset", "{}", 503).get("detail").asString()).contains("runs its 1 episodes at once");
    post("/step", "{\"episode_id\": \"" + first + "\", \"action\": {\"content\": \"no\"}}", 200);
    post("/reset", "{}", 200);
  }

  @Test
  void openEnvsMcpActionsAndTheMcpEndpointReachTheSameTools() throws Exception {
    start(new Words(8), EnvServerSettings.builder());
    String episode = post("/reset", "{\"item_id\": \"gamma\"}", 200).get("observation").get("episode_id").asString();

    JsonNode listed = post("/step", "{\"episode_id\": \"" + episode + "\", \"action\": {\"type\": \"list_tools\"}}", 200);
    assertThat(listed.get("observation").get("tools").findValuesAsString("name")).contains("terminal");
    JsonNode called = post("/step", "{\"episode_id\": \"" + episode + "\", \"action\": {\"type\": \"call_tool\", \"tool_name\": \"terminal\","
        + " \"arguments\": {\"command\": \"printf gamma > out.txt; echo ok\"}}}", 200);
    assertThat(called.get("observation").get("tool_results").get(0).get("content").asString()).contains("ok");
    JsonNode init = post("/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": {}}", 200);
    assertThat(init.get("result").get("capabilities").has("tools")).isTrue();
    assertThat(post("/mcp", "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}", 202)).isNull();
    JsonNode read = post("/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/call\", \"params\": {\"name\": \"read_file\","
        + " \"arguments\": {\"path\": \"out.txt\"}, \"episode_id\": \"" + episode + "\"}}", 200);
    assertThat(read.get("result").get("content").get(0).get("text").asString()).contains("gamma");
    JsonNode wrong = post("/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"tools/call\", \"params\": {\"name\": \"reed_file\","
        + " \"episode_id\": \"" + episode + "\"}}", 200);
    assertThat(wrong.get("error").get("message").asString()).contains("did you mean `read_file`?");
  }

  @Test
  void aWebSocketSessionHoldsOneEpisodeAndClosingTheConnectionClosesIt() throws Exception {
    start(new Words(8), EnvServerSettings.builder());
    LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(server.uri().toString().replace("http", "ws") + "/ws"),
        new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              answers.add(text.toString());
              text.setLength(0);
            }
            socket.request(1);
            return CompletableFuture.completedFuture(null);
          }
        }).get(10, TimeUnit.SECONDS);

    ws.sendText("{\"type\": \"step\", \"data\": {\"content\": \"too early\"}}", true).get();
    assertThat(Json.parse(answers.poll(10, TimeUnit.SECONDS)).get("data").get("message").asString()).contains("send {\"type\": \"reset\"} first");
    ws.sendText("{\"type\": \"reset\", \"data\": {\"item_id\": \"alpha\"}}", true).get();
    JsonNode reset = Json.parse(answers.poll(30, TimeUnit.SECONDS));
    assertThat(reset.get("type").asString()).isEqualTo("observation");
    ws.sendText("{\"type\": \"step\", \"data\": {\"tool_calls\": [{\"name\": \"write_file\", \"arguments\": {\"path\": \"out.txt\", "
        + "\"content\": \"alpha\"}}]}}", true).get();
    assertThat(Json.parse(answers.poll(30, TimeUnit.SECONDS)).get("data").get("done").asBoolean()).isFalse();
    ws.sendText("{\"type\": \"state\"}", true).get();
    assertThat(Json.parse(answers.poll(10, TimeUnit.SECONDS)).get("data").get("step_count").asInt()).isEqualTo(1);
    assertThat(sandboxesLeft()).isEqualTo(1);

    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (sandboxesLeft() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(sandboxesLeft()).as("the episode of a closed connection is closed").isZero();
    assertThat(server.finishedEpisodes()).isEqualTo(1);
  }

  @Test
  void aServerStartedOnAnOldFileNumbersItsEpisodesAfterTheOnesThere() throws Exception {
    Path out = dir.resolve("episodes.jsonl");
    start(new Words(8), EnvServerSettings.builder().out(out));
    String a = post("/reset", "{\"item_id\": \"alpha\"}", 200).get("observation").get("episode_id").asString();
    post("/step", "{\"episode_id\": \"" + a + "\", \"action\": {\"content\": \"x\"}}", 200);
    server.close();
    sandboxes.close();

    start(new Words(8), EnvServerSettings.builder().out(out));
    String b = post("/reset", "{\"item_id\": \"alpha\"}", 200).get("observation").get("episode_id").asString();
    post("/step", "{\"episode_id\": \"" + b + "\", \"action\": {\"content\": \"y\"}}", 200);

    assertThat(RolloutFile.read(out).rollouts()).extracting(Rollout::sample).containsExactly(0, 1);
  }
}
