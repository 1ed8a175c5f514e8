package io.envbook.dsl;

import groovy.lang.Closure;
import io.envbook.json.Json;
import io.envbook.model.ToolSchema;
import io.envbook.tools.Tool;
import io.envbook.tools.ToolCallContext;
import io.envbook.tools.ToolException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool written as a closure in a script. Its JSON Schema comes from the closure's parameters:
 * {@code int}/{@code long} become integers, {@code double}/{@code BigDecimal} numbers, {@code boolean}
 * booleans, {@code String} (and untyped) strings, {@code List} arrays, {@code Map} objects; all are
 * required. A result that is not a string is sent to the model as JSON.
 */
final class ClosureTool implements Tool {
  private final ToolSchema schema;
  private final Closure<?> body;
  private final List<Parameter> params;
  private final ScriptContext script;
  private final int line;

  private ClosureTool(ToolSchema schema, Closure<?> body, List<Parameter> params, ScriptContext script, int line) {
    this.schema = schema;
    this.body = body;
    this.params = params;
    this.script = script;
    this.line = line;
  }

  /** The closure's source text, for a rollout file's provenance. */
  String source() {
    return script.sources().text("tool", line, schema.name(), body);
  }

  static ClosureTool of(ScriptContext script, String name, String description, Closure<?> body) {
    List<Parameter> params = parameters(body);
    ObjectNode properties = Json.object();
    ArrayNode required = Json.array();
    for (Parameter p : params) {
      if (p.getName().matches("arg\\d+")) {
        throw script.error("tool `" + name + "` has parameters without names: compile the script through envbook");
      }
      properties.putObject(p.getName()).put("type", jsonType(p.getType()));
      required.add(p.getName());
    }
    ObjectNode schema = Json.object().put("type", "object");
    schema.set("properties", properties);
    schema.set("required", required);
    return new ClosureTool(new ToolSchema(name, description, schema), body, params, script, script.line());
  }

  private static List<Parameter> parameters(Closure<?> body) {
    int n = body.getMaximumNumberOfParameters();
    for (Method m : body.getClass().getDeclaredMethods()) {
      if (m.getName().equals("doCall") && m.getParameterCount() == n) {
        List<Parameter> ps = List.of(m.getParameters());
        if (n == 1 && ps.get(0).getName().equals("it") && ps.get(0).getType() == Object.class) {
          return List.of(); // { ... } without parameters
        }
        return ps;
      }
    }
    return List.of();
  }

  static String jsonType(Class<?> type) {
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class || type == short.class
        || type == java.math.BigInteger.class) {
      return "integer";
    }
    if (type == double.class || type == float.class || type == Double.class || type == Float.class || type == BigDecimal.class
        || type == Number.class) {
      return "number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "boolean";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "array";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "object";
    }
    return "string";
  }

  @Override
  public ToolSchema schema() {
    return schema;
  }

  @Override
  public String call(JsonNode arguments, ToolCallContext context) throws ToolException {
    List<Object> values = new ArrayList<>();
    for (Parameter p : params) {
      JsonNode v = arguments.get(p.getName());
      if (v == null || v.isNull()) {
        throw new ToolException("Missing required argument '" + p.getName() + "' (" + jsonType(p.getType()) + ")");
      }
      try {
        values.add(Json.MAPPER.convertValue(v, boxed(p.getType())));
      } catch (RuntimeException e) {
        throw new ToolException("Argument '" + p.getName() + "' must be " + article(jsonType(p.getType())) + ", got " + v);
      }
    }
    Object result = body.call(values.toArray());
    if (result == null) {
      return "";
    }
    return result instanceof CharSequence s ? s.toString() : Json.write(result);
  }

  private static Class<?> boxed(Class<?> t) {
    if (!t.isPrimitive()) {
      return t == Object.class ? String.class : t;
    }
    return switch (t.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "boolean" -> Boolean.class;
      case "short" -> Short.class;
      default -> t;
    };
  }

  private static String article(String type) {
    return (type.startsWith("a") || type.startsWith("i") || type.startsWith("o") ? "an " : "a ") + type;
  }
}
