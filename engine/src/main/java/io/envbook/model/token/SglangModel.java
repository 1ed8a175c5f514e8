package io.envbook.model.token;

import io.envbook.json.Json;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.ModelException;
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
 * Token mode against an SGLang server, as Atropos' SGLang server handling does it: prompts are
 * written client-side with the {@link ChatMlTemplate} and tokenized by the server's
 * {@code /v1/tokenize}; completions come from the native {@code /generate} with {@code input_ids}
 * and {@code return_logprob}, read from {@code meta_info.output_token_logprobs}
 * ({@code [logprob, token_id, text]}). After the first turn only the text that follows the generated
 * turn is tokenized and appended, so the model always continues exactly the token sequence it
 * produced and the trace never restarts. Tool calls are parsed client-side by the environment's
 * parser, as in {@link TokenModel}.
 *
 * <pre>{@code
 * SglangModel m = SglangModel.builder().server("http://localhost:30000").model("Qwen/Qwen3-8B").build();
 * }</pre>
 */
public final class SglangModel implements TokenTracing {
  private final TokenServer server;
  private final String model;
  private final ChatMlTemplate template = new ChatMlTemplate();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private volatile Integer imEndId;

  /** One rollout: its trace, how many messages it holds, and the last token the model generated. */
  private static final class Session {
    final TokenTrace trace = new TokenTrace();
    int messages;
    Integer lastToken;
  }

  private SglangModel(String base, String model, String apiKey, Duration timeout) {
    this.server = new TokenServer(base, apiKey, timeout);
    this.model = model;
  }

  public static TokenModelBuilder<SglangModel> builder() {
    return new TokenModelBuilder<>("an SGLang model", SglangModel::new);
  }

  @Override
  public TokenTrace takeTrace(String taskId) {
    Session s = sessions.remove(taskId);
    return s == null ? null : s.trace;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Session s = sessions.computeIfAbsent(request.origin().taskId(), k -> new Session());
    synchronized (s) {
      List<Message> messages = request.messages();
      List<Integer> prompt;
      if (s.messages == 0 || messages.size() < s.messages) {
        prompt = tokenize(template.render(messages, request.tools()), request.deadline());
      } else {
        boolean ended = s.lastToken != null && s.lastToken.equals(imEndId());
        prompt = new ArrayList<>(s.trace.tokens());
        prompt.addAll(tokenize(template.continuation(ended, messages.subList(s.messages, messages.size())), request.deadline()));
      }
      s.trace.prompt(prompt);
      JsonNode answer = server.post("/generate", generateRequest(prompt, request), request.deadline());
      JsonNode meta = answer.path("meta_info");
      JsonNode pairs = meta.get("output_token_logprobs");
      if (pairs == null || !pairs.isArray()) {
        throw new ModelException("the SGLang server returned no output_token_logprobs (is it an SGLang /generate endpoint?)");
      }
      List<Integer> ids = new ArrayList<>(pairs.size());
      List<Double> lps = new ArrayList<>(pairs.size());
      for (JsonNode p : pairs) {
        lps.add(p.path(0).asDouble());
        ids.add(p.path(1).asInt());
      }
      s.trace.completion(ids, lps);
      s.lastToken = ids.isEmpty() ? null : ids.get(ids.size() - 1);
      s.messages = messages.size() + 1; // the assistant message this answer becomes
      String finish = meta.path("finish_reason").path("type").asString(null);
      return new ChatResponse(Message.assistant(stripEnd(answer.path("text").asString(""))), finish, new Usage(prompt.size(), ids.size()));
    }
  }

  private ObjectNode generateRequest(List<Integer> prompt, ChatRequest request) {
    ObjectNode body = Json.object().put("return_logprob", true);
    ArrayNode ids = body.putArray("input_ids");
    prompt.forEach(ids::add);
    ObjectNode sampling = body.putObject("sampling_params").put("skip_special_tokens", false);
    if (request.temperature() != null) {
      sampling.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      sampling.put("max_new_tokens", request.maxTokens());
    }
    return body;
  }

  /** Special tokens are kept in the text (tool-call tags may be special); the end of turn is not content. */
  private static String stripEnd(String text) {
    for (String end : List.of(ChatMlTemplate.IM_END, "<|endoftext|>")) {
      if (text.endsWith(end)) {
        return text.substring(0, text.length() - end.length());
      }
    }
    return text;
  }

  private List<Integer> tokenize(String text, java.time.Instant deadline) {
    ObjectNode body = Json.object().put("model", model).put("prompt", text).put("add_special_tokens", false);
    return TokenServer.ints(server.post("/v1/tokenize", body, deadline).get("tokens"), "/v1/tokenize answer");
  }

  /** The id of {@code <|im_end|>}, asked of the server once; {@code null} if it is not one token. */
  private Integer imEndId() {
    Integer id = imEndId;
    if (id == null) {
      List<Integer> t = tokenize(ChatMlTemplate.IM_END, null);
      id = t.size() == 1 ? t.get(0) : -1;
      imEndId = id;
    }
    return id;
  }

  @Override
  public Map<String, String> provenance() {
    return server.provenance(name());
  }

  @Override
  public String name() {
    return "sglang:" + model;
  }
}
