package io.envbook.rollout;

import io.envbook.env.Reward;
import io.envbook.json.Json;
import io.envbook.judge.Verdict;
import io.envbook.loop.StopReason;
import io.envbook.loop.ToolError;
import io.envbook.model.MessageCodec;
import io.envbook.model.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a {@link Rollout}: one object per line in a rollout file. Messages use the OpenAI
 * chat shape, so a saved conversation can be sent to a server or exported as it is.
 */
public final class RolloutCodec {
  private RolloutCodec() {}

  public static ObjectNode toJson(Rollout r) {
    ObjectNode o = Json.object();
    o.put("env", r.env());
    o.put("model", r.model());
    o.put("item_index", r.itemIndex());
    o.put("item_id", r.itemId());
    o.put("sample", r.sample());
    o.put("status", r.ok() ? "ok" : "failed");
    o.put("reward", r.reward().value());
    ObjectNode parts = o.putObject("reward_parts");
    r.reward().parts().forEach(parts::put);
    if (r.reward().explanation() != null) {
      o.put("reward_explanation", r.reward().explanation());
    }
    if (!r.reward().verdicts().isEmpty()) {
      var judged = o.putArray("judgements");
      for (Verdict v : r.reward().verdicts()) {
        judged.addObject().put("model", v.model()).put("score", v.score()).put("verdict", v.verdict()).put("reasoning", v.reasoning())
            .put("attempts", v.attempts()).put("prompt_tokens", v.usage().promptTokens())
            .put("completion_tokens", v.usage().completionTokens());
      }
    }
    if (r.seed() != null) {
      o.put("seed", r.seed());
    }
    o.put("turns", r.turns());
    o.put("stop_reason", r.stopReason() == null ? null : r.stopReason().name().toLowerCase(Locale.ROOT));
    o.put("error", r.error());
    o.set("item", Json.toTree(r.item()));
    o.set("messages", MessageCodec.toJson(r.messages()));
    var errors = o.putArray("tool_errors");
    for (ToolError e : r.toolErrors()) {
      errors.addObject().put("turn", e.turn()).put("tool_name", e.toolName()).put("arguments", e.arguments())
          .put("error", e.error()).put("tool_result", e.toolResult());
    }
    o.putObject("usage").put("prompt_tokens", r.usage().promptTokens()).put("completion_tokens", r.usage().completionTokens());
    o.putObject("timing").put("started_at", r.startedAt() == null ? null : r.startedAt().toString())
        .put("duration_ms", r.durationMs()).put("reward_ms", r.rewardMs());
    if (r.tokens() != null) {
      ObjectNode t = o.putObject("tokens");
      r.tokens().ids().forEach(t.putArray("ids")::add);
      r.tokens().masks().forEach(t.putArray("masks")::add);
      r.tokens().logprobs().forEach(t.putArray("logprobs")::add);
    }
    return o;
  }

  /** Reads one rollout; throws {@link IllegalArgumentException} naming the missing field. */
  public static Rollout fromJson(JsonNode o) {
    String env = required(o, "env");
    String itemId = required(o, "item_id");
    Map<String, Double> parts = new LinkedHashMap<>();
    JsonNode p = o.get("reward_parts");
    if (p != null && p.isObject()) {
      p.properties().forEach(e -> parts.put(e.getKey(), e.getValue().asDouble()));
    }
    List<Verdict> verdicts = new ArrayList<>();
    for (JsonNode v : o.path("judgements")) {
      verdicts.add(new Verdict(Json.text(v, "model") == null ? "" : Json.text(v, "model"), v.path("score").asDouble(0),
          Json.text(v, "verdict"), Json.text(v, "reasoning"),
          new Usage(v.path("prompt_tokens").asLong(0), v.path("completion_tokens").asLong(0)), v.path("attempts").asInt(1)));
    }
    Reward reward = new Reward(o.path("reward").asDouble(0), parts, Json.text(o, "reward_explanation"), verdicts);
    List<ToolError> errors = new ArrayList<>();
    for (JsonNode e : o.path("tool_errors")) {
      errors.add(new ToolError(e.path("turn").asInt(), Json.text(e, "tool_name"), Json.text(e, "arguments"),
          Json.text(e, "error"), Json.text(e, "tool_result")));
    }
    String stop = Json.text(o, "stop_reason");
    String started = Json.text(o.path("timing"), "started_at");
    @SuppressWarnings("unchecked")
    Map<String, Object> item = o.has("item") ? (Map<String, Object>) Json.toPlain(o.get("item")) : Map.of();
    return new Rollout(
        env,
        Json.text(o, "model"),
        o.path("item_index").asInt(0),
        itemId,
        o.path("sample").asInt(0),
        item,
        MessageCodec.fromJsonArray(o.get("messages")),
        reward,
        o.path("turns").asInt(0),
        stop == null ? null : StopReason.valueOf(stop.toUpperCase(Locale.ROOT)),
        errors,
        new Usage(o.path("usage").path("prompt_tokens").asLong(0), o.path("usage").path("completion_tokens").asLong(0)),
        started == null ? null : Instant.parse(started),
        o.path("timing").path("duration_ms").asLong(0),
        o.path("timing").path("reward_ms").asLong(0),
        Json.text(o, "error"),
        tokens(o.get("tokens")),
        o.hasNonNull("seed") ? o.get("seed").asLong() : null);
  }

  private static Rollout.Tokens tokens(JsonNode t) {
    if (t == null || !t.isObject()) {
      return null;
    }
    List<Integer> ids = new ArrayList<>();
    List<Integer> masks = new ArrayList<>();
    List<Double> lps = new ArrayList<>();
    t.path("ids").forEach(v -> ids.add(v.asInt()));
    t.path("masks").forEach(v -> masks.add(v.asInt()));
    t.path("logprobs").forEach(v -> lps.add(v.asDouble()));
    return new Rollout.Tokens(ids, masks, lps);
  }

  private static String required(JsonNode o, String field) {
    String v = Json.text(o, field);
    if (v == null) {
      throw new IllegalArgumentException("a rollout record has no `" + field + "` field");
    }
    return v;
  }
}
