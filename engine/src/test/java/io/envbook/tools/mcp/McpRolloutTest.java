package io.envbook.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.loop.AgentResult;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import io.envbook.rollout.GroupRunner;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutGroup;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.sandbox.LocalSandboxProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MCP servers in runs: the real filesystem server per rollout in its sandbox, the everything server shared by a run. */
class McpRolloutTest {
  private final LocalSandboxProvider sandboxes = new LocalSandboxProvider();

  @AfterEach
  void tearDown() {
    sandboxes.close();
  }

  @Test
  void aServerPerRolloutWorksInThatRolloutsSandboxAndTheRewardSeesWhatItWrote() throws Exception {
    McpServer fs = McpServer.stdio(McpServersOnDisk.filesystem(), McpServer.SANDBOX_DIR);
    ScriptedModel model = ScriptedModel.policy(ctx -> ctx.turn() == 0
        ? Message.assistant("", List.of(new ToolCall("c1", "write_file",
            "{\"path\":\"answer.txt\",\"content\":\"sample " + ctx.sample() + "\"}")))
        : Message.assistant("written"));
    Env env = new Env(List.of(fs), ctx -> "sample".equals(ctx.readFile("answer.txt").split(" ")[0]) ? 1 : 0);

    RunSummary s = RolloutRunner.builder(env, model).sandboxes(sandboxes).items(2).groupSize(2).build().run();

    assertThat(s.rollouts()).allSatisfy(r -> {
      assertThat(r.error()).isNull();
      assertThat(r.toolErrors()).isEmpty();
      assertThat(r.score()).isEqualTo(1.0);
    });
    assertThat(env.seenFiles).containsExactlyInAnyOrder("sample 0", "sample 1", "sample 0", "sample 1");
    assertThat(McpServersOnDisk.running("mcp-server-filesystem")).as("each rollout's server is stopped").isFalse();
  }

  @Test
  void aSharedServerServesEveryRolloutAndIsStoppedAfterTheRun() throws Exception {
    ScriptedModel model = echoingItemIds();
    Env env = new Env(List.of(McpServer.stdio(McpServersOnDisk.everything()).scope(McpServer.Scope.SHARED)), ctx -> 1);

    RunSummary s = RolloutRunner.builder(env, model).sandboxes(sandboxes).items(3).build().run();

    assertThat(s.rollouts()).extracting(Rollout::finalText).containsExactly("Echo: item-0", "Echo: item-1", "Echo: item-2");
    assertThat(McpServersOnDisk.running("mcp-server-everything")).isFalse();
  }

  @Test
  void aBadToolCallGoesBackToTheModelAsAToolError() throws Exception {
    McpServer everything = McpServer.stdio(McpServersOnDisk.everything());
    ScriptedModel model = ScriptedModel.policy(ctx -> ctx.turn() == 0
        ? Message.assistant("", List.of(new ToolCall("c1", "get-sum", "{\"a\":1}")))
        : Message.assistant(ctx.lastToolResult()));

    RunSummary s = RolloutRunner.builder(new Env(List.of(everything), ctx -> 1), model).sandboxes(sandboxes).build().run();

    Rollout r = s.rollouts().get(0);
    assertThat(r.ok()).isTrue();
    assertThat(r.toolErrors()).singleElement().satisfies(e -> assertThat(e.error()).contains("required property 'b' not found"));
    assertThat(r.finalText()).contains("Invalid arguments for 'get-sum'");
  }

  @Test
  void aGroupRunnerStartsItsSharedServersOnceAndStopsThemWhenClosed() throws Exception {
    ScriptedModel model = echoingItemIds();
    Env env = new Env(List.of(McpServer.stdio(McpServersOnDisk.everything()).scope(McpServer.Scope.SHARED)), ctx -> 1);

    try (GroupRunner groups = new GroupRunner(env, model, sandboxes)) {
      RolloutGroup first = groups.run(Item.of("item-0", Map.of()), 0, 2);
      assertThat(McpServersOnDisk.running("mcp-server-everything")).as("the shared server outlives a group").isTrue();
      RolloutGroup second = groups.run(Item.of("item-1", Map.of()), 1, 2);

      assertThat(first.rollouts()).extracting(Rollout::finalText).containsExactly("Echo: item-0", "Echo: item-0");
      assertThat(second.rollouts()).extracting(Rollout::finalText).containsExactly("Echo: item-1", "Echo: item-1");
    }
    assertThat(McpServersOnDisk.running("mcp-server-everything")).as("stopped with the runner").isFalse();
  }

  @Test
  void rescoreStartsTheServersSoTheRewardCanCallTheirTools() throws Exception {
    McpServer shared = McpServer.stdio(McpServersOnDisk.everything()).scope(McpServer.Scope.SHARED);
    McpServer perRollout = McpServer.stdio(McpServersOnDisk.filesystem(), McpServer.SANDBOX_DIR);
    Env env = new Env(List.of(shared, perRollout), ctx -> ctx.callTool("echo", Map.of("message", "checked")).contains("Echo: checked")
        && ctx.callTool("list_allowed_directories", Map.of()).contains("rescore-") ? 1 : 0);
    List<Rollout> saved = RolloutRunner.builder(env, ScriptedModel.policy(ctx -> Message.assistant("done"))).sandboxes(sandboxes)
        .items(2).build().run().rollouts();

    List<Rollout> rescored = io.envbook.rollout.Rescorer.rescore(env, saved, sandboxes);

    assertThat(rescored).allSatisfy(r -> {
      assertThat(r.error()).isNull();
      assertThat(r.score()).isEqualTo(1.0);
    });
    assertThat(McpServersOnDisk.running("mcp-server-")).as("every server stopped").isFalse();
  }

  @Test
  void aServerThatDoesNotStartFailsItsRolloutAndTheRunGoesOn() throws Exception {
    McpServer broken = McpServer.stdio("sh", "-c", "echo 'missing token' >&2; exit 2");
    ScriptedModel model = ScriptedModel.policy(ctx -> Message.assistant("hi"));

    RunSummary s = RolloutRunner.builder(new Env(List.of(broken), ctx -> 1), model).sandboxes(sandboxes).items(2).build().run();

    assertThat(s.failed()).isEqualTo(2);
    assertThat(s.rollouts()).allSatisfy(r -> assertThat(r.error()).contains("exited with code 2").contains("missing token"));
  }

  /** A model that has the everything server's {@code echo} tool echo the item's id, then answers with the echo. */
  private static ScriptedModel echoingItemIds() {
    return ScriptedModel.policy(ctx -> ctx.turn() == 0
        ? Message.assistant("", List.of(new ToolCall("c1", "echo", "{\"message\":\"" + ctx.itemId() + "\"}")))
        : Message.assistant(ctx.lastToolResult()));
  }

  /** Items item-0, item-1, ...; the reward reads the sandbox. */
  private static final class Env implements Environment {
    final List<String> seenFiles = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<McpServer> servers;
    private final Scorer scorer;
    private int next;

    Env(List<McpServer> servers, Scorer scorer) {
      this.servers = servers;
      this.scorer = scorer;
    }

    @Override
    public EnvConfig config() {
      return EnvConfig.builder("mcp").build();
    }

    @Override
    public List<McpServer> mcpServers() {
      return servers;
    }

    @Override
    public Item nextItem() {
      int i = next++;
      return i < 3 ? Item.of("item-" + i, Map.of()) : null;
    }

    @Override
    public String formatPrompt(Item item) {
      return "use the tools";
    }

    @Override
    public Reward computeReward(Item item, AgentResult result, ToolContext ctx) throws Exception {
      String file = ctx.readFile("answer.txt");
      if (file != null) {
        seenFiles.add(file);
      }
      return Reward.of(scorer.score(ctx));
    }
  }

  private interface Scorer {
    double score(ToolContext ctx) throws Exception;
  }
}
