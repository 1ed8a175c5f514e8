package io.envbook.dsl;

import groovy.lang.Closure;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code scripted { }} model of a script, as the engine's scripted-model policy. */
public final class ScriptedPolicy implements ScriptedModel.Policy {
  private final ScriptContext script;
  private final Closure<?> body;
  private final int line;

  ScriptedPolicy(ScriptContext script, Closure<?> body) {
    this.script = script;
    this.body = body;
    this.line = script.line();
  }

  /** The {@code scripted { }} block's text. */
  @Override
  public String source() {
    return script.closureText("scripted", line, body);
  }

  @Override
  public Message next(ScriptedModel.Context ctx) {
    Map<String, Object> item = new LinkedHashMap<>(ctx.item());
    item.putIfAbsent("id", ctx.itemId());
    ScriptedTurn turn = new ScriptedTurn(ctx.turn(), item, ctx.sample(), ctx.messages(), ctx.lastToolResult());
    Object out;
    try {
      out = Blocks.callWith(body, turn, turn);
    } catch (RuntimeException e) {
      throw script.error(ScriptLines.lineOf(e, script.fileName()), "the scripted model failed: " + DslLoader.describe(e));
    }
    return toMessage(out);
  }

  private Message toMessage(Object out) {
    if (out instanceof Message m) {
      return m;
    }
    if (out instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Message.class::isInstance)) {
      List<ToolCall> calls = new ArrayList<>();
      list.forEach(m -> calls.addAll(((Message) m).toolCalls()));
      return Message.assistant("", calls);
    }
    if (out instanceof CharSequence s) {
      return Message.assistant(s.toString());
    }
    throw script.error("the scripted model returned " + (out == null ? "nothing" : "a " + out.getClass().getSimpleName())
        + ": return say('text'), tool('name', arg: value) or a list of them");
  }
}
