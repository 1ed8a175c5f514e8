package io.envbook.server;

import io.envbook.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /schema}: JSON schemas of the actions, observations and state this server speaks. */
final class Schemas {
  private static final String ALL = """
      {
        "action": {
          "title": "Action",
          "description": "One assistant turn: tool calls to run in the episode's sandbox, or a final message (content, no tool calls) that ends the episode; or raw model text for the environment's parser; or OpenEnv's call_tool / list_tools.",
          "type": "object",
          "properties": {
            "tool_calls": {"type": "array", "items": {"type": "object", "properties": {
              "id": {"type": "string"}, "name": {"type": "string"},
              "arguments": {"anyOf": [{"type": "object"}, {"type": "string"}]}}, "required": ["name"]}},
            "content": {"type": "string"},
            "reasoning": {"type": "string"},
            "message": {"type": "object", "description": "an OpenAI assistant message"},
            "text": {"type": "string", "description": "raw model output; its tool calls are read with the environment's parser"},
            "type": {"enum": ["call_tool", "list_tools"]},
            "tool_name": {"type": "string"},
            "arguments": {"type": "object"},
            "metadata": {"type": "object"}
          },
          "additionalProperties": false
        },
        "observation": {
          "title": "Observation",
          "type": "object",
          "properties": {
            "episode_id": {"type": "string"}, "item_id": {"type": "string"},
            "messages": {"type": "array", "description": "OpenAI messages new since the last answer"},
            "tool_results": {"type": "array", "items": {"type": "object", "properties": {
              "tool_call_id": {"type": "string"}, "name": {"type": "string"}, "content": {"type": "string"}}}},
            "tools": {"type": "array", "description": "at reset: the tools, in OpenAI's tools= format"},
            "reward_parts": {"type": "object"}, "turns": {"type": "integer"},
            "stop_reason": {"type": ["string", "null"]}, "error": {"type": ["string", "null"]}
          }
        },
        "state": {
          "title": "State",
          "type": "object",
          "properties": {"episode_id": {"type": "string"}, "item_id": {"type": "string"},
            "step_count": {"type": "integer"}, "done": {"type": "boolean"}, "reward": {"type": "number"}}
        }
      }
      """;

  private Schemas() {}

  static ObjectNode all() {
    return (ObjectNode) Json.parse(ALL);
  }
}
