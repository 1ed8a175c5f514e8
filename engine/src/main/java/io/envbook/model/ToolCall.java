package io.envbook.model;

import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A function call the model asked for: an id, the tool's name and its arguments as the raw JSON text
 * the model produced (which may be malformed; the agent loop checks it).
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    Objects.requireNonNull(name, "name == null");
    id = id == null || id.isBlank() ? newId() : id;
    arguments = arguments == null ? "{}" : arguments;
  }

  /** A fresh id in the OpenAI style, {@code call_} plus 8 hex digits. */
  public static String newId() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return "call_" + HexFormat.of().formatHex(b);
  }
}
