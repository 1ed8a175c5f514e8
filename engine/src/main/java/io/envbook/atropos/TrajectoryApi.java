package io.envbook.atropos;

import io.envbook.json.Json;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Atropos trajectory API as an environment sees it: {@code /register-env}, {@code /info},
 * {@code /status-env}, {@code /scored_data}, {@code /disconnect-env}. Each call is one HTTP request;
 * failures surface as {@link IOException} for the caller to retry.
 */
public final class TrajectoryApi {
  private static final MediaType JSON = MediaType.get("application/json");
  private final String base;
  private final OkHttpClient http;
  private final java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public TrajectoryApi(String baseUrl) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(60)).build();
  }

  /** {@code POST /register-env}; {@code minBatchAllocation} is sent only when given. */
  public JsonNode registerEnv(int maxTokenLength, String name, double weight, int groupSize, Double minBatchAllocation) throws IOException {
    var body = Json.object().put("max_token_length", maxTokenLength).put("desired_name", name)
        .put("weight", weight).put("group_size", groupSize);
    if (minBatchAllocation != null) {
      body.put("min_batch_allocation", minBatchAllocation);
    }
    return post("/register-env", body);
  }

  public JsonNode info() throws IOException {
    return call(new Request.Builder().url(base + "/info").get().build());
  }

  /**
   * {@code GET /status-env} with the env id in a JSON body, as Atropos' BaseEnv sends it. OkHttp
   * refuses a GET with a body, so this one call goes through the JDK's client.
   */
  public JsonNode statusEnv(int envId) throws IOException {
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/status-env"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .method("GET", java.net.http.HttpRequest.BodyPublishers.ofString(Json.write(Json.object().put("env_id", envId))))
        .build();
    try {
      java.net.http.HttpResponse<String> r = jdk.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IOException("/status-env answered " + r.statusCode() + ": " + r.body());
      }
      return Json.parse(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } catch (RuntimeException e) {
      throw new IOException("/status-env answered something that is not JSON", e);
    }
  }

  public JsonNode scoredData(ObjectNode group) throws IOException {
    return post("/scored_data", group);
  }

  public JsonNode disconnect(int envId) throws IOException {
    return post("/disconnect-env", Json.object().put("env_id", envId));
  }

  private JsonNode post(String path, ObjectNode body) throws IOException {
    return call(new Request.Builder().url(base + path).post(RequestBody.create(Json.write(body), JSON)).build());
  }

  private JsonNode call(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      String text = r.body() == null ? "" : r.body().string();
      if (!r.isSuccessful()) {
        throw new IOException(request.url().encodedPath() + " answered " + r.code() + ": " + text);
      }
      try {
        return Json.parse(text);
      } catch (RuntimeException e) {
        throw new IOException(request.url().encodedPath() + " answered something that is not JSON: " + text);
      }
    }
  }
}
