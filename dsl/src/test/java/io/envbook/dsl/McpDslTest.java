package io.envbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envbook.model.ScriptedModel;
import io.envbook.rollout.RolloutRunner;
import io.envbook.rollout.RunSummary;
import io.envbook.sandbox.LocalSandboxProvider;
import io.envbook.tools.mcp.McpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tools mcp(...)} in a script, run against the real everything server from npm. */
class McpDslTest {
  private static final Path EVERYTHING = Path.of("../engine/src/test/mcp/node_modules/.bin/mcp-server-everything").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void anMcpServersToolsAreTheModelsToolsInAScript() throws Exception {
    assumeTrue(Files.isExecutable(EVERYTHING), EVERYTHING + " is not installed (.ci/run installs it)");
    DslEnvironment env = DslLoader.parse("""
        environment('mcp-echo') {
            dataset([[word: 'alpha'], [word: 'beta']])
            prompt { item -> "Echo ${item.word}" }
            tools mcp('%s', scope: 'shared', prefix: 'ev_')
            reward { item, result -> result.finalText() == "Echo: ${item.word}" }
            model scripted { turn == 0 ? tool('ev_echo', message: item.word) : say(lastToolResult) }
        }
        """.formatted(EVERYTHING), "env.groovy", dir);

    assertThat(env.mcpServers()).singleElement().satisfies(s -> {
      assertThat(s.scope()).isEqualTo(McpServer.Scope.SHARED);
      assertThat(s.prefix()).isEqualTo("ev_");
    });
    try (LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      RunSummary s = RolloutRunner.builder(env, ScriptedModel.policy(env.scriptedPolicy())).sandboxes(sandboxes).items(2).build().run();
      assertThat(s.meanReward()).isEqualTo(1.0);
    }
  }

  @Test
  void aMisspelledMcpOptionSuggestsTheRightOne() {
    assertThatThrownBy(() -> DslLoader.parse("""
        environment('e') {
            dataset([[q: 1]])
            prompt { item -> 'x' }
            tools mcp('npx', '-y', '@modelcontextprotocol/server-everything', scop: 'shared')
            reward { 1 }
        }
        """, "env.groovy", dir))
        .isInstanceOf(DslException.class)
        .hasMessage("env.groovy:4: unknown mcp option `scop`: did you mean `scope`? Options: url, scope, prefix, env, startTimeout");
  }

  @Test
  void anMcpServerIsACommandOrAUrlNotBoth() {
    assertThatThrownBy(() -> DslLoader.parse("""
        environment('e') {
            dataset([[q: 1]])
            prompt { item -> 'x' }
            tools mcp('npx', url: 'http://localhost:3001/mcp')
            reward { 1 }
        }
        """, "env.groovy", dir))
        .isInstanceOf(DslException.class)
        .hasMessageStartingWith("env.groovy:4: mcp(...) takes a command")
        .hasMessageEndingWith("not both");
  }
}
