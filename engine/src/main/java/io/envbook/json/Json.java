package io.envbook.json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper the engine uses, plus small helpers for building and reading trees.
 *
 * <pre>{@code
 * ObjectNode o = Json.object().put("name", "terminal");
 * String line = Json.write(o);
 * JsonNode back = Json.parse(line);
 * }</pre>
 */
public final class Json {
  /** Shared, thread-safe mapper. */
  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Parses JSON text; throws {@link JacksonException} with the position on bad input. */
  public static JsonNode parse(String text) {
    return MAPPER.readTree(text);
  }

  /** Serialises any value (tree, record, map, list) to compact JSON. */
  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** Converts a tree or value to plain Java values (maps, lists, strings, numbers, booleans). */
  public static Object toPlain(JsonNode node) {
    return node == null || node.isNull() ? null : MAPPER.convertValue(node, Object.class);
  }

  /** Converts plain Java values (maps, lists, records) to a tree. */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Returns the text of a field, or {@code null} when it is missing or JSON null. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.isString() ? v.asString() : v.toString();
  }
}
