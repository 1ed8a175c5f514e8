package io.envbook.model;

import io.envbook.json.Json;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the model is told about a tool: its name, a description and a JSON Schema for its
 * arguments, sent as one entry of the OpenAI {@code tools=} list.
 */
public record ToolSchema(String name, String description, JsonNode parameters) {
  public ToolSchema {
    Objects.requireNonNull(name, "name == null");
    description = description == null ? "" : description;
    parameters = parameters == null ? Json.object().put("type", "object").set("properties", Json.object()) : parameters;
  }

  /** The OpenAI wire form: {@code {"type":"function","function":{name, description, parameters}}}. */
  public ObjectNode toOpenAi() {
    ObjectNode fn = Json.object().put("name", name).put("description", description);
    fn.set("parameters", parameters);
    ObjectNode o = Json.object().put("type", "function");
    o.set("function", fn);
    return o;
  }
}
