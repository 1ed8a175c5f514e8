package io.envbook.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.sandbox.LocalSandboxProvider;
import io.envbook.sandbox.Sandbox;
import io.envbook.tools.ToolRegistry;
import io.envbook.tools.Toolsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolContextTest {
  @TempDir Path host;
  private final LocalSandboxProvider provider = new LocalSandboxProvider();
  private final Sandbox sb = provider.create("ctx");
  private final ToolContext ctx = new ToolContext(sb, new ToolRegistry(Toolsets.resolve(List.of("terminal", "file"))), Limits.DEFAULT);

  @AfterEach
  void tearDown() {
    provider.close();
  }

  @Test
  void terminalAndFilesWorkOnTheRolloutsSandbox() throws Exception {
    ctx.writeFile("~/greeting.txt", "Hello\n");

    assertThat(ctx.terminal("cat ~/greeting.txt").output()).isEqualTo("Hello\n");
    assertThat(ctx.readFile("greeting.txt")).isEqualTo("Hello\n");
    assertThat(ctx.readFile("missing.txt")).isNull();
    assertThat(ctx.taskId()).isEqualTo("ctx");
  }

  @Test
  void uploadAndDownloadAreBinarySafe() throws Exception {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    Path local = host.resolve("in.bin");
    Files.write(local, bytes);

    ctx.uploadFile(local, "data/in.bin");
    ctx.downloadFile("data/in.bin", host.resolve("out/copy.bin"));

    assertThat(Files.readAllBytes(host.resolve("out/copy.bin"))).isEqualTo(bytes);
  }

  @Test
  void callToolAnswersAsTheModelWouldSeeIt() {
    assertThat(ctx.callTool("terminal", Map.of("command", "echo 42"))).isEqualTo("{\"output\":\"42\\n\",\"exit_code\":0,\"error\":null}");
    assertThat(ctx.callTool("read_file", Map.of("path", "nope"))).isEqualTo("{\"error\":\"File not found: nope\"}");
    assertThat(ctx.callTool("browse", Map.of())).isEqualTo(
        "{\"error\":\"Unknown tool 'browse'. Available tools: [list_directory, patch, read_file, search_files, terminal, write_file]\"}");
  }

  @Test
  void cleanupRemovesTheSandboxAndCanBeRepeated() {
    ctx.cleanup();
    ctx.cleanup();

    assertThat(((io.envbook.sandbox.LocalSandbox) sb).directory()).doesNotExist();
  }
}
