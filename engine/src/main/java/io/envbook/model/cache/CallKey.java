package io.envbook.model.cache;

import io.envbook.json.Json;
import io.envbook.model.ChatRequest;
import io.envbook.model.MessageCodec;
import io.envbook.model.ToolSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a cached model call is keyed by: everything that decides the answer, the model, the messages,
 * the tool schemas and every sampling field, plus the sample's index in its group (so the samples of
 * a group stay different answers, as they were). Written canonically (keys sorted) and hashed.
 */
record CallKey(ObjectNode fields, String hash) {

  static CallKey of(String model, Map<String, Object> modelDefaults, ChatRequest request) {
    ObjectNode f = Json.object();
    f.put("model", model);
    f.set("model_defaults", Json.toTree(new TreeMap<>(modelDefaults)));
    f.set("messages", MessageCodec.toJson(request.messages()));
    ArrayNode tools = f.putArray("tools");
    for (ToolSchema t : request.tools()) {
      tools.add(t.toOpenAi());
    }
    f.put("temperature", request.temperature());
    f.put("max_tokens", request.maxTokens());
    f.set("extra_body", Json.toTree(new TreeMap<>(request.extraBody())));
    f.put("sample", request.origin().sample());
    // through text and back, so numbers compare by value (a long written is an int read)
    ObjectNode canonical = (ObjectNode) canonical(Json.parse(Json.write(f)));
    return new CallKey(canonical, sha256(Json.write(canonical)));
  }

  /** Where the call comes from, whatever the request holds: the model, item, sample and turn (for explaining misses). */
  static String originHash(String model, ChatRequest request) {
    ChatRequest.Origin o = request.origin();
    return sha256(model + "\n" + o.itemId() + "\n" + o.sample() + "\n" + o.turn());
  }

  /**
   * The fields in which an earlier key differs from this one, e.g. {@code temperature (0.7 → 0.2)} or
   * {@code messages[3] (the tool result)}; the first few, in key order.
   */
  List<String> differencesFrom(ObjectNode earlier) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = fields.propertyNames().iterator(); it.hasNext(); ) {
      String name = it.next();
      JsonNode now = fields.get(name);
      JsonNode before = earlier.get(name);
      if (now.equals(before)) {
        continue;
      }
      if (name.equals("messages") && before != null && before.isArray()) {
        out.add(messageDifference(before, now));
      } else {
        out.add(name + " (" + brief(before) + " → " + brief(now) + ")");
      }
    }
    return out;
  }

  private static String messageDifference(JsonNode before, JsonNode now) {
    int n = Math.min(before.size(), now.size());
    for (int i = 0; i < n; i++) {
      if (!before.get(i).equals(now.get(i))) {
        JsonNode a = before.get(i).get("content");
        JsonNode b = now.get(i).get("content");
        int skip = a != null && b != null && a.isString() && b.isString() ? Math.max(0, commonPrefix(a.asString(), b.asString()) - 20) : 0;
        return "messages[" + i + "] (the " + now.get(i).path("role").asString() + " message: " + brief(a, skip) + " → " + brief(b, skip) + ")";
      }
    }
    return "messages (" + before.size() + " → " + now.size() + " messages)";
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  private static String brief(JsonNode v) {
    return brief(v, 0);
  }

  /** A short form of a value; a string from {@code skip} on (with … before), so where two texts differ shows. */
  private static String brief(JsonNode v, int skip) {
    if (v == null || v.isNull()) {
      return "none";
    }
    String s = v.isString() ? "`" + (skip > 0 ? "…" + v.asString().substring(skip) : v.asString()) + "`" : Json.write(v);
    s = s.replaceAll("\\s+", " ");
    return s.length() <= 60 ? s : s.substring(0, 57) + "…";
  }

  private static JsonNode canonical(JsonNode node) {
    if (node instanceof ObjectNode o) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        sorted.put(e.getKey(), canonical(e.getValue()));
      }
      ObjectNode out = Json.object();
      sorted.forEach(out::set);
      return out;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = Json.array();
      a.forEach(v -> out.add(canonical(v)));
      return out;
    }
    return node;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
