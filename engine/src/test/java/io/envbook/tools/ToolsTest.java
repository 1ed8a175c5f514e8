package io.envbook.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.json.Json;
import io.envbook.sandbox.LocalSandboxProvider;
import io.envbook.sandbox.Sandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ToolsTest {
  private LocalSandboxProvider provider;
  private Sandbox sb;
  private ToolRegistry tools;

  @BeforeEach
  void setUp() {
    provider = new LocalSandboxProvider();
    sb = provider.create("tools");
    tools = new ToolRegistry(Toolsets.resolve(List.of("terminal", "file")));
  }

  @AfterEach
  void tearDown() {
    provider.close();
  }

  private JsonNode call(String tool, Map<String, ?> args) throws Exception {
    return Json.parse(tools.get(tool).call(Json.toTree(args), new ToolCallContext(sb, "tools", Duration.ofSeconds(5), 100_000)));
  }

  private String error(String tool, Map<String, ?> args) {
    return assertThatThrownBy(() -> call(tool, args)).isInstanceOf(ToolException.class).actual().getMessage();
  }

  @Test
  void toolsetsHaveTheHermesToolNames() {
    assertThat(tools.names()).containsExactly("list_directory", "patch", "read_file", "search_files", "terminal", "write_file");
    assertThat(Json.write(tools.get("terminal").schema().parameters())).isEqualTo(
        "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\",\"description\":\"The bash command to run.\"},"
            + "\"timeout\":{\"type\":\"integer\",\"description\":\"Seconds before the command is killed (optional).\"}},\"required\":[\"command\"]}");
  }

  @Test
  void unknownToolsetNamesTheClosestOne() {
    assertThatThrownBy(() -> Toolsets.resolve(List.of("termnal")))
        .hasMessage("unknown toolset `termnal`: did you mean `terminal`? Known toolsets: file, terminal");
  }

  @Test
  void terminalReturnsOutputAndExitCode() throws Exception {
    JsonNode r = call("terminal", Map.of("command", "echo hi; exit 2"));

    assertThat(Json.write(r)).isEqualTo("{\"output\":\"hi\\n\",\"exit_code\":2,\"error\":null}");
  }

  @Test
  void terminalTimeoutIsCappedByTheToolTimeoutAndReported() throws Exception {
    JsonNode r = call("terminal", Map.of("command", "sleep 30", "timeout", 1));

    assertThat(r.get("exit_code").asInt()).isEqualTo(124);
    assertThat(r.get("error").asString()).isEqualTo("Command timed out after 1 seconds");
  }

  @Test
  void terminalNeedsACommand() {
    assertThat(error("terminal", Map.of())).isEqualTo("Missing required argument 'command'");
  }

  @Test
  void writeThenReadAFileWithLineSelection() throws Exception {
    assertThat(call("write_file", Map.of("path", "dir/a.txt", "content", "one\ntwo\nthree\n")).get("bytes_written").asInt()).isEqualTo(14);

    assertThat(call("read_file", Map.of("path", "dir/a.txt")).get("content").asString()).isEqualTo("one\ntwo\nthree\n");
    JsonNode part = call("read_file", Map.of("path", "~/dir/a.txt", "offset", 2, "limit", 1));
    assertThat(part.get("content").asString()).isEqualTo("two");
    assertThat(part.get("total_lines").asInt()).isEqualTo(3);
  }

  @Test
  void readingAMissingFileOrOutsideTheTaskIsAnErrorForTheModel() {
    assertThat(error("read_file", Map.of("path", "nope.txt"))).isEqualTo("File not found: nope.txt");
    assertThat(error("read_file", Map.of("path", "/etc/passwd"))).isEqualTo("path `/etc/passwd` is outside the task directory");
    assertThat(error("write_file", Map.of("path", "../x", "content", "")))
        .isEqualTo("path `../x` is outside the task directory");
  }

  @Test
  void patchReplacesExactlyOneOccurrenceUnlessToldOtherwise() throws Exception {
    sb.writeFile("a.py", "x = 1\ny = 1\n");

    assertThat(error("patch", Map.of("path", "a.py", "old_string", "1", "new_string", "2")))
        .isEqualTo("old_string occurs 2 times in a.py: add surrounding text to make it unique, or set replace_all");
    assertThat(error("patch", Map.of("path", "a.py", "old_string", "z", "new_string", "2"))).isEqualTo("old_string was not found in a.py");

    call("patch", Map.of("path", "a.py", "old_string", "x = 1", "new_string", "x = $1"));
    assertThat(sb.readFile("a.py")).isEqualTo("x = $1\ny = 1\n");
    assertThat(call("patch", Map.of("path", "a.py", "old_string", "1", "new_string", "3", "replace_all", true))
        .get("replacements").asInt()).isEqualTo(2);
    assertThat(sb.readFile("a.py")).isEqualTo("x = $3\ny = 3\n");
  }

  @Test
  void searchFindsMatchesWithPathAndLine() throws Exception {
    sb.writeFile("src/a.py", "def f():\n    return 1\n");
    sb.writeFile("src/b.txt", "return nothing\n");

    JsonNode r = call("search_files", Map.of("pattern", "return \\d", "path", "src"));
    assertThat(Json.write(r.get("matches"))).isEqualTo("[\"src/a.py:2:     return 1\"]");
    assertThat(call("search_files", Map.of("pattern", "return", "file_glob", "*.txt")).get("matches")).hasSize(1);
    assertThat(error("search_files", Map.of("pattern", "("))).startsWith("Invalid pattern: ");
  }

  @Test
  void listDirectoryShowsTypesAndSizesSorted() throws Exception {
    sb.writeFile("b.txt", "12345");
    sb.writeFile("a/x.txt", "");

    JsonNode r = call("list_directory", Map.of());

    assertThat(Json.write(r.get("entries"))).isEqualTo(
        "[{\"name\":\"a\",\"type\":\"directory\",\"size\":0},{\"name\":\"b.txt\",\"type\":\"file\",\"size\":5}]");
    assertThat(error("list_directory", Map.of("path", "b.txt"))).isEqualTo("b.txt is a file, not a folder");
  }
}
