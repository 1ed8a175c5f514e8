package io.envbook.dsl;

import io.envbook.json.Json;
import io.envbook.model.Message;
import io.envbook.model.ToolCall;
import java.util.List;
import java.util.Map;

/**
 * What the body of {@code scripted { }} sees for one turn: {@code turn} (from 0), {@code item},
 * {@code sample} (index in the group), {@code messages} so far and {@code lastToolResult}; and how it
 * answers: {@code say(text)} or {@code tool(name, arg: value, ...)} (a list of calls makes one
 * turn with several calls). Returning a plain string is the same as {@code say}.
 */
public final class ScriptedTurn {
  public final int turn;
  public final Map<String, Object> item;
  public final int sample;
  public final List<Message> messages;
  public final String lastToolResult;

  ScriptedTurn(int turn, Map<String, Object> item, int sample, List<Message> messages, String lastToolResult) {
    this.turn = turn;
    this.item = item;
    this.sample = sample;
    this.messages = messages;
    this.lastToolResult = lastToolResult;
  }

  public Message say(Object text) {
    return Message.assistant(String.valueOf(text));
  }

  public Message tool(Map<String, ?> arguments, String tool) {
    return Message.assistant("", List.of(new ToolCall(null, tool, Json.write(Values.plain(arguments)))));
  }

  public Message tool(String tool) {
    return tool(Map.of(), tool);
  }

  /** A call whose arguments are raw text, to show what happens with malformed JSON. */
  public Message toolRaw(String tool, String rawArguments) {
    return Message.assistant("", List.of(new ToolCall(null, tool, rawArguments)));
  }
}
