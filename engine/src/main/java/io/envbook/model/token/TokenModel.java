package io.envbook.model.token;

import io.envbook.json.Json;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.MessageCodec;
import io.envbook.model.ModelException;
import io.envbook.model.ToolSchema;
import io.envbook.model.Usage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Token mode (Hermes' "Phase 2") against a vLLM server: each turn's prompt is tokenized by the
 * server's {@code /tokenize} (its chat template, with the tools), completed from those ids by
 * {@code /v1/completions} with logprobs and token ids, and the raw text goes back to the agent loop,
 * whose tool-call parser (the environment's) recovers the calls. Per rollout it keeps the exact
 * {@link TokenTrace}: tokens, masks and logprobs for training.
 *
 * <pre>{@code
 * TokenModel m = TokenModel.builder().server("http://localhost:8000").model("Qwen/Qwen3-8B").build();
 * }</pre>
 */
public final class TokenModel implements ChatModel {
  private static final MediaType JSON = MediaType.get("application/json");
  private final String base;
  private final String model;
  private final String apiKey;
  private final OkHttpClient http;
  private final Map<String, TokenTrace> traces = new ConcurrentHashMap<>();

  private TokenModel(String base, String model, String apiKey, Duration timeout) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.model = model;
    this.apiKey = apiKey;
    this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(timeout).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The trace of a rollout (by task id), removed from the model; {@code null} when it made no call. */
  public TokenTrace takeTrace(String taskId) {
    return traces.remove(taskId);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    TokenTrace trace = traces.computeIfAbsent(request.origin().taskId(), k -> new TokenTrace());
    ObjectNode tok = Json.object().put("model", model).put("add_generation_prompt", true);
    tok.set("messages", MessageCodec.toJson(request.messages()));
    if (!request.tools().isEmpty()) {
      ArrayNode tools = tok.putArray("tools");
      for (ToolSchema t : request.tools()) {
        tools.add(t.toOpenAi());
      }
    }
    List<Integer> prompt = ints(post("/tokenize", tok).get("tokens"));
    trace.prompt(prompt);
    ObjectNode comp = Json.object().put("model", model).put("logprobs", 1).put("return_tokens_as_token_ids", true);
    ArrayNode ids = comp.putArray("prompt");
    prompt.forEach(ids::add);
    if (request.temperature() != null) {
      comp.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      comp.put("max_tokens", request.maxTokens());
    }
    JsonNode choice = post("/v1/completions", comp).path("choices").path(0);
    if (choice.isMissingNode()) {
      throw new ModelException("the token server returned no choices");
    }
    List<Integer> outIds = new ArrayList<>();
    for (JsonNode t : choice.path("logprobs").path("tokens")) {
      String s = t.asString();
      if (!s.startsWith("token_id:")) {
        throw new ModelException("the token server did not return token ids (start vLLM with a version that knows return_tokens_as_token_ids)");
      }
      outIds.add(Integer.parseInt(s.substring("token_id:".length())));
    }
    List<Double> lps = new ArrayList<>();
    choice.path("logprobs").path("token_logprobs").forEach(v -> lps.add(v.asDouble()));
    trace.completion(outIds, lps);
    String text = choice.path("text").asString("");
    return new ChatResponse(Message.assistant(text), Json.text(choice, "finish_reason"), new Usage(prompt.size(), outIds.size()));
  }

  private JsonNode post(String path, ObjectNode body) {
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

  private static List<Integer> ints(JsonNode array) {
    if (array == null || !array.isArray()) {
      throw new ModelException("the token server's /tokenize answer has no tokens");
    }
    List<Integer> out = new ArrayList<>(array.size());
    array.forEach(v -> out.add(v.asInt()));
    return out;
  }

  @Override
  public String name() {
    return "tokens:" + model;
  }

  /** Builds a {@link TokenModel}. */
  public static final class Builder {
    private String server;
    private String model;
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(600);

    /** The server root, e.g. {@code http://localhost:8000} (without {@code /v1}). */
    public Builder server(String url) {
      this.server = url;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    public Builder timeout(Duration d) {
      this.timeout = d;
      return this;
    }

    public TokenModel build() {
      if (server == null || model == null) {
        throw new IllegalArgumentException("a token model needs server(...) and model(...)");
      }
      return new TokenModel(server, model, apiKey, timeout);
    }
  }
}
