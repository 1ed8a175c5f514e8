package io.envbook.tools;

import io.envbook.json.Json;
import io.envbook.model.ToolSchema;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds JSON Schemas for tool parameters tersely: {@code Schemas.of("read_file", "Reads", p -> p.string("path", "File", true))}. */
final class Schemas {
  private final ObjectNode properties = Json.object();
  private final ArrayNode required = Json.array();

  private Schemas() {}

  static ToolSchema of(String name, String description, java.util.function.Consumer<Schemas> params) {
    Schemas s = new Schemas();
    params.accept(s);
    ObjectNode schema = Json.object().put("type", "object");
    schema.set("properties", s.properties);
    schema.set("required", s.required);
    return new ToolSchema(name, description, schema);
  }

  Schemas string(String name, String description, boolean isRequired) {
    return param(name, "string", description, isRequired);
  }

  Schemas integer(String name, String description, boolean isRequired) {
    return param(name, "integer", description, isRequired);
  }

  Schemas bool(String name, String description, boolean isRequired) {
    return param(name, "boolean", description, isRequired);
  }

  private Schemas param(String name, String type, String description, boolean isRequired) {
    properties.putObject(name).put("type", type).put("description", description);
    if (isRequired) {
      required.add(name);
    }
    return this;
  }
}
