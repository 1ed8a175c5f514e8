package io.envbook.model;

import java.util.List;

/**
 * Recovers tool calls from raw model text, for models whose server does not parse them (token mode,
 * or a chat server started without a tool parser). Each named format Hermes supported has one parser.
 *
 * <p>A call that cannot be parsed does not drop its neighbours: it is returned in {@code errors} so the
 * agent loop can report it to the model as a tool error.
 */
public interface ToolCallParser {

  /** The parser's name, e.g. {@code hermes}. */
  String name();

  Result parse(String text);

  /**
   * What was parsed: the content before the first call ({@code null} when empty), the valid calls,
   * and one message per malformed call.
   */
  record Result(String content, List<ToolCall> calls, List<String> errors) {
    public Result {
      calls = List.copyOf(calls);
      errors = List.copyOf(errors);
    }

    public static Result none(String text) {
      return new Result(text, List.of(), List.of());
    }

    public boolean found() {
      return !calls.isEmpty() || !errors.isEmpty();
    }
  }
}
