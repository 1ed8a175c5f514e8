package io.envbook.dsl;

import io.envbook.env.Reward;
import io.envbook.judge.Judge;
import io.envbook.judge.Verdict;
import io.envbook.loop.AgentResult;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.Message;
import io.envbook.util.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reward closure can call besides its parameters: {@code parts(correct: 1.0, format: 0.5)}
 * builds a reward from named parts, weighted by the environment's {@code weights}, and
 * {@code judge('rubric')} asks an LLM judge, whose verdicts are kept with the reward.
 */
public final class RewardScope {
  static final List<String> JUDGE_OPTIONS = List.of("answer", "question", "context", "retries", "temperature", "maxTokens");

  private final Map<String, Double> weights;
  private final ScriptContext script;
  private final Map<String, Object> item;
  private final AgentResult result;
  private final ChatModel judgeModel;
  private final ChatRequest.Origin origin;
  private final List<Verdict> verdicts = new ArrayList<>();

  RewardScope(Map<String, Double> weights) {
    this(weights, null, Map.of(), null, null, ChatRequest.Origin.NONE);
  }

  RewardScope(Map<String, Double> weights, ScriptContext script, Map<String, Object> item, AgentResult result, ChatModel judgeModel,
      ChatRequest.Origin origin) {
    this.weights = weights;
    this.script = script;
    this.item = item;
    this.result = result;
    this.judgeModel = judgeModel;
    this.origin = origin;
  }

  public Reward parts(Map<String, ?> scores) {
    Map<String, Number> numbers = new LinkedHashMap<>();
    scores.forEach((k, v) -> numbers.put(k, RewardValues.number(k, v)));
    return Reward.weighted(numbers, weights);
  }

  /**
   * Asks the environment's judge ({@code judge openai(...)} or {@code judge scriptedJudge { .. }})
   * to grade the agent's final answer to the task by {@code rubric}; returns its {@link Verdict}
   * ({@code score}, {@code verdict}, {@code reasoning}), which a reward may return as it is.
   */
  public Verdict judge(String rubric) {
    return judge(Map.of(), rubric);
  }

  /**
   * As {@link #judge(String)}, with options: {@code answer:} and {@code question:} (default: the final
   * answer and the task's prompt), {@code context: [reference: item.answer]} (more fields shown to the
   * judge), {@code retries:} (malformed answers sent back, default 2), {@code temperature:}, {@code maxTokens:}.
   */
  public Verdict judge(Map<String, ?> options, String rubric) {
    if (judgeModel == null) {
      throw error("judge(...) needs a judge model: declare one in the environment (judge openai(baseUrl: ..., model: ...) or "
          + "judge scriptedJudge { s -> ... }) or pass it, as in judge(openai(...), 'rubric')");
    }
    return judge(options, judgeModel, rubric);
  }

  public Verdict judge(ChatModel model, String rubric) {
    return judge(Map.of(), model, rubric);
  }

  public Verdict judge(Map<String, ?> options, ChatModel model, String rubric) {
    Judge.Builder b = Judge.builder(model).rubric(rubric).origin(origin);
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("question", firstUserMessage());
    subject.put("answer", result == null ? "" : result.finalText());
    for (Map.Entry<String, ?> e : options.entrySet()) {
      Object v = e.getValue();
      switch (e.getKey()) {
        case "answer", "question" -> subject.put(e.getKey(), v == null ? "" : String.valueOf(v));
        case "context" -> {
          if (!(v instanceof Map<?, ?> m)) {
            throw error("judge's context: takes a map of fields to show the judge, e.g. context: [reference: item.answer]");
          }
          m.forEach((k, x) -> subject.put(String.valueOf(k), x));
        }
        case "retries" -> b.retries(whole(e.getKey(), v));
        case "temperature" -> b.temperature(number(e.getKey(), v));
        case "maxTokens" -> b.maxTokens(whole(e.getKey(), v));
        default -> throw error("unknown judge option `" + e.getKey() + "`:" + Suggest.didYouMean(e.getKey(), JUDGE_OPTIONS)
            + " Options: " + String.join(", ", JUDGE_OPTIONS));
      }
    }
    subject.put("item", item);
    Verdict v = b.build().grade(subject);
    synchronized (verdicts) {
      verdicts.add(v);
    }
    return v;
  }

  /** The verdicts of the judges this reward asked, in order. */
  List<Verdict> verdicts() {
    synchronized (verdicts) {
      return List.copyOf(verdicts);
    }
  }

  private String firstUserMessage() {
    if (result != null) {
      for (Message m : result.messages()) {
        if (m.role().equals("user")) {
          return m.content();
        }
      }
    }
    return "";
  }

  private int whole(String option, Object v) {
    if (v instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 0) {
      return n.intValue();
    }
    throw error("judge's " + option + ": takes a whole number, not `" + v + "`");
  }

  private double number(String option, Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw error("judge's " + option + ": takes a number, not `" + v + "`");
  }

  private RuntimeException error(String sentence) {
    return script == null ? new IllegalArgumentException(sentence) : script.error(sentence);
  }
}
