package io.envbook.model.token;

import io.envbook.json.Json;
import io.envbook.json.PyJson;
import io.envbook.model.Message;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolSchema;
import java.util.List;

/**
 * The ChatML chat template with Hermes-style tools, as Qwen 2.5/3 and Hermes 3 models are trained on
 * it: tools listed as JSON in the system turn between {@code <tools>} tags, calls written by the
 * assistant as {@code <tool_call>} JSON, results given back in a user turn as
 * {@code <tool_response>} blocks. JSON is written as Python's {@code json.dumps} writes it, as the
 * models' own Jinja templates do.
 *
 * <p>Used client-side for servers whose tokenize endpoint takes text only (SGLang). {@link #render}
 * writes a whole conversation; {@link #continuation} writes what follows a generated assistant turn,
 * so a rollout's token sequence only ever grows.
 */
public final class ChatMlTemplate {
  public static final String IM_START = "<|im_start|>";
  public static final String IM_END = "<|im_end|>";

  /** The conversation so far and the opening of the assistant's next turn. */
  public String render(List<Message> messages, List<ToolSchema> tools) {
    StringBuilder sb = new StringBuilder();
    int from = 0;
    if (!tools.isEmpty()) {
      String system = !messages.isEmpty() && messages.get(0).role().equals("system") ? messages.get(0).content() : null;
      from = system == null ? 0 : 1;
      sb.append(IM_START).append("system\n");
      if (system != null && !system.isEmpty()) {
        sb.append(system).append("\n\n");
      }
      sb.append("# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
          + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>");
      for (ToolSchema t : tools) {
        sb.append('\n').append(PyJson.dumps(t.toOpenAi()));
      }
      sb.append("\n</tools>\n\nFor each function call, return a json object with function name and arguments within "
          + "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>")
          .append(IM_END).append('\n');
    }
    appendMessages(sb, messages.subList(from, messages.size()));
    return sb.append(IM_START).append("assistant\n").toString();
  }

  /**
   * What follows a generated assistant turn: its end (unless the model already wrote it), the
   * messages that came after it, and the opening of the next assistant turn.
   */
  public String continuation(boolean assistantTurnEnded, List<Message> after) {
    StringBuilder sb = new StringBuilder(assistantTurnEnded ? "\n" : IM_END + "\n");
    appendMessages(sb, after);
    return sb.append(IM_START).append("assistant\n").toString();
  }

  private static void appendMessages(StringBuilder sb, List<Message> messages) {
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      switch (m.role()) {
        case "assistant" -> {
          sb.append(IM_START).append("assistant\n");
          String content = m.content() == null ? "" : m.content();
          sb.append(content);
          for (int c = 0; c < m.toolCalls().size(); c++) {
            ToolCall call = m.toolCalls().get(c);
            if (c > 0 || !content.isEmpty()) {
              sb.append('\n');
            }
            sb.append("<tool_call>\n{\"name\": \"").append(call.name()).append("\", \"arguments\": ")
                .append(arguments(call.arguments())).append("}\n</tool_call>");
          }
          sb.append(IM_END).append('\n');
        }
        case "tool" -> {
          boolean first = i == 0 || !messages.get(i - 1).role().equals("tool");
          boolean last = i == messages.size() - 1 || !messages.get(i + 1).role().equals("tool");
          if (first) {
            sb.append(IM_START).append("user");
          }
          sb.append("\n<tool_response>\n").append(m.content() == null ? "" : m.content()).append("\n</tool_response>");
          if (last) {
            sb.append(IM_END).append('\n');
          }
        }
        default -> sb.append(IM_START).append(m.role()).append('\n').append(m.content() == null ? "" : m.content())
            .append(IM_END).append('\n');
      }
    }
  }

  private static String arguments(String json) {
    try {
      return PyJson.dumps(Json.parse(json == null || json.isBlank() ? "{}" : json));
    } catch (RuntimeException notJson) {
      return json;
    }
  }
}
