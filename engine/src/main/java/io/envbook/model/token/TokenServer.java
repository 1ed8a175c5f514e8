package io.envbook.model.token;

import io.envbook.json.Json;
import io.envbook.model.ModelException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON over HTTP to an inference server's native endpoints, for the token-mode models. */
final class TokenServer {
  private static final MediaType JSON = MediaType.get("application/json");
  private final String base;
  private final String apiKey;
  private final OkHttpClient http;

  TokenServer(String base, String apiKey, Duration timeout) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.apiKey = apiKey;
    this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(timeout).build();
  }

  /** A token model's provenance: its name and this server, without credentials. */
  java.util.Map<String, String> provenance(String modelName) {
    java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put("name", modelName);
    facts.put("server", io.envbook.util.Urls.withoutSecrets(base));
    return facts;
  }

  /** POSTs {@code body} to {@code path}; every failure is a {@link ModelException} naming the endpoint. */
  JsonNode post(String path, ObjectNode body) {
    Request.Builder rb = new Request.Builder().url(base + path).post(RequestBody.create(Json.write(body), JSON));
    if (apiKey != null && !apiKey.isBlank()) {
      rb.header("Authorization", "Bearer " + apiKey);
    }
    try (Response r = http.newCall(rb.build()).execute()) {
      String text = r.body() == null ? "" : r.body().string();
      if (!r.isSuccessful()) {
        throw new ModelException("the token server answered " + r.code() + " at " + path + ": " + text, r.code(), null);
      }
      return Json.parse(text);
    } catch (IOException e) {
      throw new ModelException("could not reach the token server at " + base + path + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof ModelException m) {
        throw m;
      }
      throw new ModelException("the token server answered something unreadable at " + path + ": " + e.getMessage(), e);
    }
  }

  /** The integers of a JSON array, or a {@link ModelException} saying which answer lacked them. */
  static List<Integer> ints(JsonNode array, String what) {
    if (array == null || !array.isArray()) {
      throw new ModelException("the token server's " + what + " has no token ids");
    }
    List<Integer> out = new ArrayList<>(array.size());
    array.forEach(v -> out.add(v.asInt()));
    return out;
  }
}
