package io.envbook.judge;

import io.envbook.json.Json;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.ModelException;
import io.envbook.model.Usage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A built-in offline judge, for tests, demos and teaching: a function of what is judged (the
 * {@code question}, the {@code answer}, the {@code rubric}, the dataset {@code item} and any other
 * fields the reward passed) answers as a judge model would, in the verdict JSON. It returns a score
 * (a number or true/false), a map with {@code score}, {@code verdict} and {@code reasoning}, or a
 * string sent as it is (to try malformed answers). Labelled {@code scripted-judge} everywhere.
 *
 * <pre>{@code
 * ChatModel judge = ScriptedJudge.of(s -> String.valueOf(s.get("answer")).contains("Paris"));
 * }</pre>
 */
public final class ScriptedJudge implements ChatModel {
  private final Function<Map<String, Object>, Object> policy;

  private ScriptedJudge(Function<Map<String, Object>, Object> policy) {
    this.policy = Objects.requireNonNull(policy, "policy == null");
  }

  public static ScriptedJudge of(Function<Map<String, Object>, Object> policy) {
    return new ScriptedJudge(policy);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Map<String, Object> subject = new LinkedHashMap<>(request.origin().item());
    subject.put("attempt", request.origin().turn() + 1);
    Object answer;
    try {
      answer = policy.apply(subject);
    } catch (RuntimeException e) {
      throw new ModelException("the scripted judge failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    String content = content(answer);
    long prompt = request.messages().stream().mapToLong(m -> m.content() == null ? 0 : m.content().length() / 4).sum();
    return new ChatResponse(Message.assistant(content), "stop", new Usage(prompt, content.length() / 4));
  }

  private static String content(Object answer) {
    if (answer instanceof CharSequence s) {
      return s.toString();
    }
    if (answer instanceof Boolean b) {
      return verdict(b ? 1.0 : 0.0, b ? "correct" : "incorrect", "scripted");
    }
    if (answer instanceof Number n) {
      double score = n.doubleValue();
      return verdict(score, score >= 1 ? "correct" : score <= 0 ? "incorrect" : "partly correct", "scripted");
    }
    if (answer instanceof Map<?, ?> m) {
      Object score = m.get("score");
      double value = score instanceof Boolean b ? (b ? 1 : 0) : score instanceof Number n ? n.doubleValue() : 0;
      Object verdict = m.get("verdict");
      Object reasoning = m.get("reasoning");
      return verdict(value, verdict == null ? (value >= 1 ? "correct" : "incorrect") : String.valueOf(verdict),
          reasoning == null ? "scripted" : String.valueOf(reasoning));
    }
    throw new ModelException("the scripted judge returned " + (answer == null ? "nothing" : "a " + answer.getClass().getSimpleName())
        + ": return a score, true/false, a map of score, verdict and reasoning, or the answer's text");
  }

  private static String verdict(double score, String verdict, String reasoning) {
    return Json.write(Map.of("reasoning", reasoning, "verdict", verdict, "score", score));
  }

  @Override
  public String name() {
    return "scripted-judge";
  }

  @Override
  public boolean builtIn() {
    return true;
  }
}
