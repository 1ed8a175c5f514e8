package io.envbook.model.openai;

import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.ModelException;
import io.envbook.model.RetryListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import io.envbook.util.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat model behind any OpenAI-compatible {@code /v1/chat/completions} endpoint (vLLM, SGLang,
 * llama.cpp, Ollama, OpenAI, OpenRouter), with tool calling.
 *
 * <p>Failed attempts are retried with backoff when trying again may help: HTTP 429 and 5xx,
 * connection failures, timeouts and truncated bodies; a server's {@code Retry-After} is honoured.
 * Other answers (400, 401, 404, a body that is not a chat completion, a body over the size cap) fail
 * at once. A request's deadline bounds the whole call, retries and waits included. With several
 * servers, each call goes to the least busy one, and a retry avoids the server that just failed.
 * The API key is sent as a bearer token and never appears in names, logs or messages.
 *
 * <pre>{@code
 * ChatModel m = OpenAiModel.builder()
 *     .server("http://localhost:8000/v1").model("Qwen/Qwen3-8B").apiKeyFromEnv("OPENAI_API_KEY")
 *     .build();
 * }</pre>
 */
public final class OpenAiModel implements ChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiModel.class);
  private static final okhttp3.MediaType JSON = okhttp3.MediaType.get("application/json");
  private final String model;
  private final String apiKey;
  private final ServerPool pool;
  private final OkHttpClient client;
  private final int maxAttempts;
  private final Map<String, Object> defaults;
  private final Backoff.Sleeper sleeper;
  private final long maxResponseBytes;
  private final RetryListener retryListener;

  private OpenAiModel(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model == null: name the model the server serves");
    this.apiKey = b.apiKey == null || b.apiKey.isBlank() ? null : b.apiKey;
    this.pool = new ServerPool(b.servers, b.maxConcurrentPerServer);
    this.client = b.client != null ? b.client : Http.client(b.timeout);
    this.maxAttempts = b.maxRetries + 1;
    this.defaults = Map.copyOf(b.extraBody);
    this.sleeper = b.sleeper;
    this.maxResponseBytes = b.maxResponseBytes;
    this.retryListener = b.retryListener;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    String body = ChatCodec.requestBody(model, request, defaults);
    Instant deadline = request.deadline();
    int avoid = -1;
    ChatCodec.Failure last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (deadline != null && !Instant.now().isBefore(deadline)) {
        throw outOfTime(attempt - 1, last);
      }
      int server;
      try {
        server = pool.acquire(avoid, deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ModelException("the model call was interrupted");
      }
      if (server < 0) {
        throw new ModelException("the rollout's time ran out waiting for a free slot on the model server" + (pool.size() == 1 ? "" : "s")
            + ": every one had " + pool.maxConcurrent() + (pool.maxConcurrent() == 1 ? " call" : " calls") + " in flight (allow more with --max-requests or maxRequests, or run fewer rollouts at once)"
            + (last == null ? "" : "; the last attempt failed with: " + scrub(last.getMessage())));
      }
      try {
        return attempt(pool.url(server), body, deadline);
      } catch (ChatCodec.Failure f) {
        last = f;
        if (!f.retryable) {
          throw new ModelException(scrub(f.getMessage()), f.status, null);
        }
        avoid = pool.size() > 1 ? server : -1;
      } finally {
        pool.release(server);
      }
      if (attempt < maxAttempts) {
        Duration wait = Backoff.delay(attempt, last.retryAfter);
        if (deadline != null && Instant.now().plus(wait).isAfter(deadline)) {
          throw outOfTime(attempt, last);
        }
        try {
          LOG.debug("attempt {} of {} failed, retrying in {} ms: {}", attempt, maxAttempts, wait.toMillis(), scrub(last.getMessage()));
          retryListener.retrying(hostOf(pool.url(server)), last.status > 0 ? String.valueOf(last.status) : last.kind, wait, attempt);
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ModelException("the model call was interrupted while waiting to retry: " + scrub(last.getMessage()));
        }
      }
    }
    throw new ModelException("gave up after " + maxAttempts + " attempts: " + scrub(last.getMessage()), last.status, null);
  }

  private ModelException outOfTime(int attempts, ChatCodec.Failure last) {
    if (last == null) {
      return new ModelException("the rollout's time ran out before the model was called");
    }
    return new ModelException("the rollout's time ran out after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
        + scrub(last.getMessage()), last.status, null);
  }

  private ChatResponse attempt(String baseUrl, String body, Instant deadline) throws ChatCodec.Failure {
    Request.Builder rb = new Request.Builder().url(baseUrl + "/chat/completions").post(RequestBody.create(body, JSON));
    if (apiKey != null) {
      rb.header("Authorization", "Bearer " + apiKey);
    }
    Call call = client.newCall(rb.build());
    Duration left = deadline == null ? null : Duration.between(Instant.now(), deadline);
    if (left != null) {
      call.timeout().timeout(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS); // the whole call, body included
    }
    String text;
    int code;
    String retryAfter;
    try (Response response = Http.execute(call)) {
      code = response.code();
      retryAfter = response.header("Retry-After");
      text = Http.readBody(response.body(), maxResponseBytes);
      if (text == null) {
        throw new ChatCodec.Failure("the model server at " + baseUrl + " sent an answer larger than " + Http.bytes(maxResponseBytes)
            + ", the cap on one answer (maxResponseBytes): it was dropped", false, code);
      }
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new ChatCodec.Failure("the model call was interrupted", false, -1);
      }
      if (deadline != null && Duration.between(Instant.now(), deadline).toMillis() < 100) {
        throw new ChatCodec.Failure("the model server at " + baseUrl + " had not sent a whole answer when the rollout's time ran out ("
            + Deadline.text(left) + " left when it was called)", false, -1);
      }
      throw new ChatCodec.Failure("the model server at " + baseUrl + " timed out (" + e.getMessage() + ")", true, -1).kind("timeout");
    } catch (IOException e) {
      throw new ChatCodec.Failure("could not reach the model server at " + baseUrl + ": " + e.getMessage(), true, -1).kind("no connection");
    }
    if (code == 429 || code >= 500) {
      ChatCodec.Failure f = new ChatCodec.Failure("the model server at " + baseUrl + " answered " + code
          + (text.isBlank() ? "" : ": " + ChatCodec.excerpt(text)), true, code);
      f.retryAfter = retryAfter;
      throw f;
    }
    if (code >= 300) {
      throw new ChatCodec.Failure("the model server at " + baseUrl + " answered " + code
          + (text.isBlank() ? "" : ": " + ChatCodec.excerpt(text)), false, code);
    }
    return ChatCodec.parse(text, baseUrl);
  }

  private static String hostOf(String url) {
    String rest = url.substring(url.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private String scrub(String message) {
    return apiKey == null || message == null ? message : message.replace(apiKey, "***");
  }

  @Override
  public String name() {
    return "openai:" + model;
  }

  /** Name, servers (without credentials) and the fields added to every request (values of key-like fields hidden). */
  @Override
  public Map<String, String> provenance() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("name", name());
    java.util.TreeSet<String> servers = new java.util.TreeSet<>();
    for (int i = 0; i < pool.size(); i++) {
      servers.add(io.envbook.util.Urls.withoutSecrets(pool.url(i)));
    }
    facts.put("servers", String.join(", ", servers));
    if (!defaults.isEmpty()) {
      Map<String, Object> fields = new java.util.TreeMap<>(defaults);
      fields.replaceAll((k, v) -> k.toLowerCase(java.util.Locale.ROOT).matches(".*(key|token|secret|password).*") ? "***" : v);
      facts.put("request_fields", io.envbook.json.Json.write(fields));
    }
    return facts;
  }

  @Override
  public Map<String, Object> requestDefaults() {
    return defaults;
  }

  @Override
  public String toString() {
    return "OpenAiModel[" + model + " at " + pool.size() + " server(s)]";
  }

  /** Builds an {@link OpenAiModel}; a server and a model name are required. */
  public static final class Builder {
    private final List<String> servers = new ArrayList<>();
    private String model;
    private String apiKey;
    private int maxConcurrentPerServer = 64;
    private int maxRetries = 5;
    private Duration timeout = Duration.ofSeconds(600);
    private OkHttpClient client;
    private final Map<String, Object> extraBody = new LinkedHashMap<>();
    private Backoff.Sleeper sleeper = Backoff.Sleeper.REAL;
    private long maxResponseBytes = 16L << 20;
    private RetryListener retryListener = RetryListener.NONE;

    private Builder() {}

    /** A server's base URL, e.g. {@code http://localhost:8000/v1}; call again for more servers. */
    public Builder server(String baseUrl) {
      String url = Objects.requireNonNull(baseUrl, "baseUrl == null").trim();
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IllegalArgumentException("base URL `" + baseUrl + "` must start with http:// or https://");
      }
      servers.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** The API key itself; prefer {@link #apiKeyFromEnv}. */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** Reads the API key from an environment variable now; no key when it is unset. */
    public Builder apiKeyFromEnv(String variable) {
      this.apiKey = variable == null ? null : System.getenv(variable);
      return this;
    }

    public Builder maxConcurrentPerServer(int n) {
      this.maxConcurrentPerServer = n;
      return this;
    }

    public Builder maxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("max retries must be 0 or more, got " + n);
      }
      this.maxRetries = n;
      return this;
    }

    /** Longest wait for the next bytes of an answer (default 600 s); the whole call is bounded by the request's deadline. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The largest answer read from a server (default 16 MiB); a longer one fails the call instead of filling the heap. */
    public Builder maxResponseBytes(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("max response bytes must be at least 1, got " + n);
      }
      this.maxResponseBytes = n;
      return this;
    }

    public Builder client(OkHttpClient client) {
      this.client = client;
      return this;
    }

    /** Fields added to every request body, e.g. OpenRouter provider preferences. */
    public Builder extraBody(Map<String, ?> fields) {
      this.extraBody.putAll(fields);
      return this;
    }

    /** Hears every wait before a retry (progress displays show it). */
    public Builder retryListener(RetryListener listener) {
      this.retryListener = listener == null ? RetryListener.NONE : listener;
      return this;
    }

    Builder sleeper(Backoff.Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public OpenAiModel build() {
      return new OpenAiModel(this);
    }
  }
}
