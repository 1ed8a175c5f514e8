package io.envbook.tools;

import io.envbook.json.Json;
import io.envbook.model.ToolSchema;
import io.envbook.sandbox.ExecResult;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code terminal} tool: runs a shell command in the rollout's sandbox and returns
 * {@code {"output", "exit_code", "error"}} as Hermes' terminal tool did. The timeout is the
 * model's {@code timeout} argument, capped by the environment's tool timeout.
 */
public final class TerminalTool implements Tool {
  private static final ToolSchema SCHEMA = Schemas.of("terminal",
      "Run a bash command in the task's working directory and return its combined output and exit code.",
      p -> p.string("command", "The bash command to run.", true)
          .integer("timeout", "Seconds before the command is killed (optional).", false));

  @Override
  public ToolSchema schema() {
    return SCHEMA;
  }

  @Override
  public String call(JsonNode arguments, ToolCallContext context) throws ToolException {
    if (context.sandbox() == null) {
      throw new ToolException("The terminal is not available: this rollout has no sandbox");
    }
    String command = Args.string(arguments, "command");
    long limit = context.timeout().toSeconds();
    long seconds = Math.max(1, Math.min(limit, Args.integer(arguments, "timeout", (int) Math.min(limit, Integer.MAX_VALUE))));
    ExecResult r = context.sandbox().exec(command, Duration.ofSeconds(seconds));
    ObjectNode o = Json.object().put("output", r.truncated() ? r.output() + "\n[output truncated]" : r.output()).put("exit_code", r.exitCode());
    if (r.timedOut()) {
      o.put("error", "Command timed out after " + seconds + " seconds");
    } else {
      o.putNull("error");
    }
    return Json.write(o);
  }
}
