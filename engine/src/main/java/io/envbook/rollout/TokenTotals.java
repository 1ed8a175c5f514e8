package io.envbook.rollout;

import io.envbook.json.Json;
import io.envbook.model.Usage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tokens spent on some rollouts, by model role: the agent's calls and the judges' (the calls rewards
 * made), in all and per item (in item order).
 *
 * <pre>{@code
 * TokenTotals t = TokenTotals.of(summary.rollouts());
 * long all = t.agent().total() + t.judge().total();
 * }</pre>
 */
public record TokenTotals(Usage agent, Usage judge, Map<String, Usage> perItem) {
  public TokenTotals {
    perItem = Collections.unmodifiableMap(new LinkedHashMap<>(perItem));
  }

  public static TokenTotals of(List<Rollout> rollouts) {
    Usage agent = Usage.NONE;
    Usage judge = Usage.NONE;
    Map<String, Usage> perItem = new LinkedHashMap<>();
    for (Rollout r : rollouts) {
      Usage judged = r.reward().judgeUsage();
      agent = agent.plus(r.usage());
      judge = judge.plus(judged);
      perItem.merge(r.itemId(), r.usage().plus(judged), Usage::plus);
    }
    return new TokenTotals(agent, judge, perItem);
  }

  public Usage all() {
    return agent.plus(judge);
  }

  /** {@code {"agent": {prompt_tokens, completion_tokens}, "judge": {...}, "per_item": {"q1": {...}}}}. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    put(o.putObject("agent"), agent);
    put(o.putObject("judge"), judge);
    ObjectNode items = o.putObject("per_item");
    perItem.forEach((id, u) -> put(items.putObject(id), u));
    return o;
  }

  private static void put(ObjectNode o, Usage u) {
    o.put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.completionTokens()).put("total_tokens", u.total());
  }
}
