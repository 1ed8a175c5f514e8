package io.envbook.model.token;

import io.envbook.json.Json;
import io.envbook.model.ModelException;
import io.envbook.model.openai.Http;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON over HTTP to an inference server's native endpoints, for the token-mode models. Each call ends
 * by the rollout's deadline, however slowly the server sends, and an answer over the cap is refused.
 */
final class TokenServer {
  private static final MediaType JSON = MediaType.get("application/json");
  static final long MAX_ANSWER_BYTES = 16L << 20;
  private final String base;
  private final String apiKey;
  private final OkHttpClient http;

  private final long maxAnswerBytes;

  TokenServer(String base, String apiKey, Duration timeout) {
    this(base, apiKey, timeout, MAX_ANSWER_BYTES);
  }

  TokenServer(String base, String apiKey, Duration timeout, long maxAnswerBytes) {
    this.maxAnswerBytes = maxAnswerBytes;
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.apiKey = apiKey;
    this.http = Http.client(timeout);
  }

  /** A token model's provenance: its name and this server, without credentials. */
  java.util.Map<String, String> provenance(String modelName) {
    java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put("name", modelName);
    facts.put("server", io.envbook.util.Urls.withoutSecrets(base));
    return facts;
  }

  /**
   * POSTs {@code body} to {@code path}, the whole call done by {@code deadline} ({@code null}: only the
   * read timeout); every failure is a {@link ModelException} naming the endpoint.
   */
  JsonNode post(String path, ObjectNode body, Instant deadline) {
    Request.Builder rb = new Request.Builder().url(base + path).post(RequestBody.create(Json.write(body), JSON));
    if (apiKey != null && !apiKey.isBlank()) {
      rb.header("Authorization", "Bearer " + apiKey);
    }
    Call call = http.newCall(rb.build());
    if (deadline != null) {
      long left = Duration.between(Instant.now(), deadline).toMillis();
      if (left <= 0) {
        throw new ModelException("the rollout's time ran out before the token server's " + path + " was called");
      }
      call.timeout().timeout(left, TimeUnit.MILLISECONDS);
    }
    try (Response r = Http.execute(call)) {
      String text = Http.readBody(r.body(), maxAnswerBytes);
      if (text == null) {
        throw new ModelException("the token server sent an answer larger than " + Http.bytes(maxAnswerBytes) + " at " + path
            + ", the cap on one answer: it was dropped", r.code(), null);
      }
      if (!r.isSuccessful()) {
        throw new ModelException("the token server answered " + r.code() + " at " + path + ": " + text, r.code(), null);
      }
      return Json.parse(text);
    } catch (IOException e) {
      if (call.isCanceled() || deadline != null && !Instant.now().isBefore(deadline)) {
        throw new ModelException("the token server at " + base + path + " had not sent a whole answer when the rollout's time ran out", e);
      }
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
