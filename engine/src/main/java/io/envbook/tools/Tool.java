package io.envbook.tools;

import io.envbook.model.ToolSchema;
import tools.jackson.databind.JsonNode;

/**
 * A function the model can call. {@link #call} gets the parsed arguments and the rollout's context
 * (its sandbox) and returns the text the model sees, usually JSON.
 *
 * <p>Throw {@link ToolException} for a failure the model should read and react to ("no such file");
 * any other exception is also reported back to the model as a tool error, with its type and message.
 *
 * <pre>{@code
 * Tool add = Tool.of(schema, (args, ctx) -> String.valueOf(args.get("a").asInt() + args.get("b").asInt()));
 * }</pre>
 */
public interface Tool {

  ToolSchema schema();

  String call(JsonNode arguments, ToolCallContext context) throws Exception;

  default String name() {
    return schema().name();
  }

  /** A tool from a schema and a function. */
  static Tool of(ToolSchema schema, Function function) {
    return new Tool() {
      @Override
      public ToolSchema schema() {
        return schema;
      }

      @Override
      public String call(JsonNode arguments, ToolCallContext context) throws Exception {
        return function.call(arguments, context);
      }
    };
  }

  /** The body of a tool. */
  @FunctionalInterface
  interface Function {
    String call(JsonNode arguments, ToolCallContext context) throws Exception;
  }
}
