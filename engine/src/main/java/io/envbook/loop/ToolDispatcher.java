package io.envbook.loop;

import io.envbook.json.Json;
import io.envbook.model.Message;
import io.envbook.model.ToolCall;
import io.envbook.tools.Tool;
import io.envbook.tools.ToolCallContext;
import io.envbook.tools.ToolException;
import io.envbook.tools.ToolRegistry;
import io.envbook.util.Deadline;
import io.envbook.util.Failures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Runs the tool calls of one assistant turn, each on its own thread, and turns every outcome (result,
 * unknown tool, bad arguments, exception, timeout) into a tool message in call order. A call still
 * running a second past its timeout is interrupted and left behind: the turn goes on without it.
 */
final class ToolDispatcher {
  /** Time a tool gets past its timeout to report it itself (the terminal kills and says so) before it is abandoned. */
  private static final Duration GRACE = Duration.ofSeconds(1);

  private final ToolRegistry tools;
  private final ToolCallContext context;

  ToolDispatcher(ToolRegistry tools, ToolCallContext context) {
    this.tools = tools;
    this.context = context;
  }

  List<Message> dispatch(int turn, List<ToolCall> calls, Duration timeout, List<ToolError> errors) {
    Deadline deadline = Deadline.after(timeout);
    ToolCallContext ctx = context.withTimeout(timeout);
    List<Outcome> outcomes = new ArrayList<>(calls.size());
    List<Future<String>> futures = new ArrayList<>(calls.size());
    for (ToolCall call : calls) {
      Outcome outcome = prepare(call);
      outcomes.add(outcome);
      futures.add(outcome.tool == null ? null
          : Deadline.start(Thread.ofPlatform().daemon(), "tool-" + call.name(), () -> outcome.tool.call(outcome.args, ctx)));
    }
    List<Message> out = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      ToolCall call = calls.get(i);
      Outcome outcome = outcomes.get(i);
      String content = outcome.error != null ? errorJson(outcome.error) : await(futures.get(i), deadline, call, outcome);
      if (outcome.error != null) {
        errors.add(new ToolError(turn, call.name(), call.arguments(), outcome.recordedError, content));
      } else {
        checkResultError(turn, call, content, errors);
      }
      out.add(Message.tool(call.id(), cap(content)).withName(call.name()));
    }
    return out;
  }

  private Outcome prepare(ToolCall call) {
    Tool tool = tools.get(call.name());
    if (tool == null) {
      String msg = "Unknown tool '" + call.name() + "'. Available tools: " + tools.names();
      return Outcome.failed(msg, msg);
    }
    JsonNode args;
    try {
      String text = call.arguments().isBlank() ? "{}" : call.arguments();
      args = Json.parse(text);
    } catch (JacksonException e) {
      String reason = e.getOriginalMessage();
      return Outcome.failed("Invalid JSON in tool arguments: " + reason + ". Please retry with valid JSON.", "Invalid JSON: " + reason);
    }
    if (args == null || !args.isObject()) {
      return Outcome.failed("Invalid JSON in tool arguments: expected an object, got " + (args == null ? "nothing" : args.getNodeType()) + ". Please retry with valid JSON.",
          "Invalid JSON: arguments are not an object");
    }
    return new Outcome(tool, args, null, null);
  }

  private String await(Future<String> future, Deadline deadline, ToolCall call, Outcome outcome) {
    try {
      String r = deadline.await(future, GRACE);
      return r == null ? "" : r;
    } catch (TimeoutException e) {
      outcome.failedAtRun("Tool '" + call.name() + "' timed out after " + Deadline.text(deadline.length()));
      return errorJson(outcome.error);
    } catch (InterruptedException e) {
      outcome.failedAtRun("Tool '" + call.name() + "' was interrupted");
      return errorJson(outcome.error);
    } catch (ToolException e) {
      outcome.failedAtRun(e.getMessage());
      return errorJson(e.getMessage());
    } catch (Throwable e) {
      String msg = "Tool execution failed: " + Failures.describe(e);
      outcome.failedAtRun(msg);
      return errorJson(msg);
    }
  }

  /** Records a tool error when a successful result reports one itself ({@code error} set and {@code exit_code < 0}). */
  private static void checkResultError(int turn, ToolCall call, String content, List<ToolError> errors) {
    if (content == null || !content.startsWith("{") || !content.contains("\"error\"")) {
      return;
    }
    try {
      JsonNode r = Json.parse(content);
      JsonNode err = r.get("error");
      JsonNode exit = r.get("exit_code");
      boolean hasError = err != null && !err.isNull() && !(err.isString() && err.asString().isEmpty()) && !(err.isBoolean() && !err.asBoolean());
      if (hasError && (exit == null || exit.asInt(0) < 0)) {
        String text = content.length() > 500 ? content.substring(0, 500) : content;
        errors.add(new ToolError(turn, call.name(), call.arguments(), err.isString() ? err.asString() : err.toString(), text));
      }
    } catch (JacksonException ignored) {
      // not JSON after all: a plain result
    }
  }

  private String cap(String content) {
    int max = context.maxOutputChars();
    if (content.length() <= max) {
      return content;
    }
    return content.substring(0, max) + "\n[output truncated: " + (content.length() - max) + " more characters]";
  }

  private static String errorJson(String message) {
    return Json.write(Map.of("error", message));
  }

  /** One call's state: the tool and arguments to run, or why it could not run. */
  private static final class Outcome {
    final Tool tool;
    final JsonNode args;
    String error;
    String recordedError;

    Outcome(Tool tool, JsonNode args, String error, String recordedError) {
      this.tool = tool;
      this.args = args;
      this.error = error;
      this.recordedError = recordedError;
    }

    static Outcome failed(String error, String recordedError) {
      return new Outcome(null, null, error, recordedError);
    }

    void failedAtRun(String message) {
      this.error = message;
      this.recordedError = message;
    }
  }
}
