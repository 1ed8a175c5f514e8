package io.envbook.tools;

import tools.jackson.databind.JsonNode;

/** Reads tool arguments, answering the model with a clear error when one is missing or of the wrong type. */
final class Args {
  private Args() {}

  static String string(JsonNode args, String name) throws ToolException {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      throw new ToolException("Missing required argument '" + name + "'");
    }
    if (!v.isString()) {
      throw new ToolException("Argument '" + name + "' must be a string");
    }
    return v.asString();
  }

  static String string(JsonNode args, String name, String fallback) throws ToolException {
    JsonNode v = args.get(name);
    return v == null || v.isNull() ? fallback : string(args, name);
  }

  static int integer(JsonNode args, String name, int fallback) throws ToolException {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (v.isIntegralNumber()) {
      return v.asInt();
    }
    if (v.isString() && v.asString().matches("-?\\d+")) {
      return Integer.parseInt(v.asString());
    }
    throw new ToolException("Argument '" + name + "' must be an integer");
  }

  static boolean bool(JsonNode args, String name) {
    JsonNode v = args.get(name);
    return v != null && (v.asBoolean(false) || (v.isString() && v.asString().equalsIgnoreCase("true")));
  }
}
