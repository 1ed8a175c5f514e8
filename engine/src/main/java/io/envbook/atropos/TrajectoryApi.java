package io.envbook.atropos;

import io.envbook.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Atropos trajectory API as an environment sees it: {@code /register-env}, {@code /info},
 * {@code /status-env}, {@code /scored_data}, {@code /disconnect-env}. Each call is one HTTP/1.1
 * request (Atropos' server runs on uvicorn, which answers an HTTP/2 upgrade offer with 400); a
 * failure is an {@link ApiException} that says whether the server answered, and what.
 *
 * <pre>{@code
 * TrajectoryApi api = new TrajectoryApi("http://localhost:8000");
 * JsonNode info = api.info();              // {"batch_size": 12, "max_token_len": 4096}
 * }</pre>
 *
 * <p>Bodies of 1 KiB and more are sent gzip-compressed when that makes them smaller, as
 * {@code BaseEnv} sends them; the server unpacks them.
 */
public final class TrajectoryApi {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int GZIP_FROM = 1024;
  private final String base;
  private final OkHttpClient http;
  /** Only for {@code GET /status-env}, whose JSON body OkHttp refuses to send; pinned to HTTP/1.1. */
  private final HttpClient getWithBody = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  public TrajectoryApi(String baseUrl) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = new OkHttpClient.Builder().protocols(java.util.List.of(Protocol.HTTP_1_1))
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(60)).callTimeout(Duration.ofSeconds(120)).build();
  }

  /** The server's base URL, as given. */
  public String url() {
    return base;
  }

  /** {@code POST /register-env}; {@code minBatchAllocation} is sent only when given. */
  public JsonNode registerEnv(int maxTokenLength, String name, double weight, int groupSize, Double minBatchAllocation) throws ApiException {
    var body = Json.object().put("max_token_length", maxTokenLength).put("desired_name", name)
        .put("weight", weight).put("group_size", groupSize);
    if (minBatchAllocation != null) {
      body.put("min_batch_allocation", minBatchAllocation);
    }
    return post("/register-env", body);
  }

  /** {@code GET /info}: the trainer's {@code batch_size} and {@code max_token_len}, -1 before it registered. */
  public JsonNode info() throws ApiException {
    return call("/info", new Request.Builder().url(base + "/info").get().build());
  }

  /** {@code GET /status-env} with the env id in a JSON body, as Atropos' BaseEnv sends it. */
  public JsonNode statusEnv(int envId) throws ApiException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/status-env"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .method("GET", HttpRequest.BodyPublishers.ofString(Json.write(Json.object().put("env_id", envId))))
        .build();
    HttpResponse<String> r;
    try {
      r = getWithBody.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("/status-env", 0, "interrupted", new InterruptedIOException("interrupted"));
    } catch (IOException e) {
      throw ApiException.noAnswer("/status-env", e);
    }
    return parse("/status-env", r.statusCode(), r.body());
  }

  /** {@code POST /scored_data}: one ScoredDataGroup, {@code env_id} included. */
  public JsonNode scoredData(ObjectNode group) throws ApiException {
    return post("/scored_data", group);
  }

  /** {@code POST /disconnect-env}. */
  public JsonNode disconnect(int envId) throws ApiException {
    return post("/disconnect-env", Json.object().put("env_id", envId));
  }

  private JsonNode post(String path, ObjectNode body) throws ApiException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    Request.Builder request = new Request.Builder().url(base + path);
    byte[] packed = bytes.length >= GZIP_FROM ? gzip(bytes) : bytes;
    if (packed.length < bytes.length) {
      request.header("Content-Encoding", "gzip").post(RequestBody.create(packed, JSON));
    } else {
      request.post(RequestBody.create(bytes, JSON));
    }
    return call(path, request.build());
  }

  private JsonNode call(String path, Request request) throws ApiException {
    try (Response r = http.newCall(request).execute()) {
      return parse(path, r.code(), r.body().string());
    } catch (ApiException e) {
      throw e;
    } catch (IOException e) {
      throw ApiException.noAnswer(path, e);
    }
  }

  private static JsonNode parse(String path, int status, String text) throws ApiException {
    if (status < 200 || status >= 300) {
      throw new ApiException(path, status, text, null);
    }
    try {
      return Json.parse(text);
    } catch (RuntimeException e) {
      throw new ApiException(path, status, "an answer that is not JSON: " + ApiException.shorten(text), e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("gzip into memory failed", e);
    }
    return out.toByteArray();
  }
}
