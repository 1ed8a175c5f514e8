package io.envbook.loop;

/**
 * A tool call that went wrong: unknown tool, malformed arguments, a tool that threw, or a result that
 * reports an error. {@code turn} is 1-based; {@code arguments} is the raw text, cut to 200 chars.
 */
public record ToolError(int turn, String toolName, String arguments, String error, String toolResult) {
  public ToolError {
    arguments = arguments != null && arguments.length() > 200 ? arguments.substring(0, 200) : arguments;
  }
}
