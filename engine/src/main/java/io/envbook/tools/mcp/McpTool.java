package io.envbook.tools.mcp;

import io.envbook.json.Json;
import io.envbook.json.SchemaCheck;
import io.envbook.model.ToolSchema;
import io.envbook.tools.Tool;
import io.envbook.tools.ToolCallContext;
import io.envbook.tools.ToolException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One tool of an MCP server, offered to the model under the server's schema. Arguments are checked
 * against that schema before the call: arguments that do not fit go back to the model, naming what
 * is wrong, and the server never sees them. A result the server marks as an error is a tool error.
 */
final class McpTool implements Tool {
  private final McpConnection connection;
  private final String remoteName;
  private final ToolSchema schema;
  private final SchemaCheck check;

  McpTool(McpConnection connection, McpSchema.Tool tool, String prefix) {
    this.connection = connection;
    this.remoteName = tool.name();
    JsonNode parameters = Json.toTree(tool.inputSchema());
    this.schema = new ToolSchema(prefix + tool.name(), tool.description(), parameters);
    this.check = SchemaCheck.of(parameters);
  }

  @Override
  public ToolSchema schema() {
    return schema;
  }

  @Override
  public String call(JsonNode arguments, ToolCallContext context) throws ToolException {
    List<String> problems = check.problems(arguments);
    if (!problems.isEmpty()) {
      throw new ToolException("Invalid arguments for '" + schema.name() + "': " + String.join("; ", problems)
          + ". Expected: " + Json.write(schema.parameters()));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> args = (Map<String, Object>) Json.toPlain(arguments);
    McpSchema.CallToolResult result = connection.call(remoteName, args, context.timeout());
    String text = text(result);
    if (Boolean.TRUE.equals(result.isError())) {
      throw new ToolException(text.isBlank() ? "the tool '" + schema.name() + "' failed" : text);
    }
    return text;
  }

  /** The result as the model reads it: text parts as they are, other parts (images, resources) as JSON. */
  static String text(McpSchema.CallToolResult result) {
    List<String> parts = new ArrayList<>();
    for (McpSchema.Content c : result.content()) {
      parts.add(c instanceof McpSchema.TextContent t ? t.text() : Json.write(c));
    }
    if (parts.isEmpty() && result.structuredContent() != null) {
      parts.add(Json.write(result.structuredContent()));
    }
    return String.join("\n", parts);
  }
}
