package io.envbook.model.token;

import io.envbook.json.Json;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.MessageCodec;
import io.envbook.model.ModelException;
import io.envbook.model.ToolSchema;
import io.envbook.model.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
public final class TokenModel implements TokenTracing {
  private final TokenServer server;
  private final String model;
  private final Map<String, TokenTrace> traces = new ConcurrentHashMap<>();

  private TokenModel(String base, String model, String apiKey, Duration timeout) {
    this.server = new TokenServer(base, apiKey, timeout);
    this.model = model;
  }

  public static TokenModelBuilder<TokenModel> builder() {
    return new TokenModelBuilder<>("a token model", TokenModel::new);
  }

  @Override
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
    List<Integer> prompt = TokenServer.ints(server.post("/tokenize", tok, request.deadline()).get("tokens"), "/tokenize answer");
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
    JsonNode choice = server.post("/v1/completions", comp, request.deadline()).path("choices").path(0);
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

  @Override
  public Map<String, String> provenance() {
    return server.provenance(name());
  }

  @Override
  public String name() {
    return "tokens:" + model;
  }
}
