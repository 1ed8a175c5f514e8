package io.envbook.atropos;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The test trajectory API ({@code src/test/python/trajectory_api.py}) served by Debian's uvicorn as
 * a real process on a real port, so envbook meets uvicorn's HTTP (h11) as it meets Atropos' server,
 * and the trainer's side of it: register, pull batches, read them as Atropos' trainer does. It can
 * be killed and started again on the same port with its state gone, as a restarted API.
 *
 * <p>Needs {@code python3-fastapi} and {@code python3-uvicorn} (installed by {@code .ci/run}).
 */
public final class UvicornTrajectoryApi implements AutoCloseable {
  static final String PYTHON = "/usr/bin/python3";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Path pythonDir;
  private final Path logFile;
  private final int port;
  private Process process;

  /** Starts the API; {@code pythonDir} holds {@code trajectory_api.py} and {@code trainer_read.py}. */
  public UvicornTrajectoryApi(Path pythonDir, Path logFile) throws Exception {
    this.pythonDir = pythonDir.toAbsolutePath();
    this.logFile = logFile;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    start();
  }

  /** From the engine module's own directory. */
  public static UvicornTrajectoryApi start(Path logFile) throws Exception {
    return new UvicornTrajectoryApi(Path.of("src", "test", "python"), logFile);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The API process is gone (SIGKILL, as a crash), its state with it. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** A new API process on the same port, with nothing registered. */
  public void restart() throws Exception {
    kill();
    start();
  }

  private void start() throws Exception {
    process = new ProcessBuilder(PYTHON, "-m", "uvicorn", "trajectory_api:app", "--app-dir", pythonDir.toString(),
        "--host", "127.0.0.1", "--port", String.valueOf(port), "--log-level", "warning")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        get("/info");
        return;
      } catch (IOException notYet) {
        assertThat(process.isAlive()).as("uvicorn ended (are python3-fastapi and python3-uvicorn installed?):\n" + log()).isTrue();
        assertThat(System.nanoTime() < deadline).as("uvicorn did not answer within 20 s:\n" + log()).isTrue();
        Thread.sleep(50);
      }
    }
  }

  /** The trainer registers ({@code /register}) and takes its first batch, which starts it. */
  public void registerTrainer(int batchSize, int maxTokenLen, int numSteps) throws Exception {
    post("/register", Json.object().put("wandb_group", "").put("wandb_project", "").put("batch_size", batchSize)
        .put("max_token_len", maxTokenLen).put("checkpoint_dir", "").put("save_checkpoint_interval", 100)
        .put("starting_step", 0).put("num_steps", numSteps).toString());
    batch();
  }

  /** {@code GET /batch}: the next batch of groups, or {@code null}. */
  public JsonNode batch() throws Exception {
    JsonNode b = Json.parse(get("/batch")).get("batch");
    return b == null || b.isNull() ? null : b;
  }

  /** Every {@code /scored_data} post this API process received, in order, each with its {@code received_at} (epoch seconds). */
  public List<JsonNode> posts() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    Json.parse(get("/_test/log")).get("posts").forEach(out::add);
    return out;
  }

  /** The env ids that sent {@code /disconnect-env} to this API process. */
  public List<Integer> disconnects() throws Exception {
    List<Integer> out = new ArrayList<>();
    Json.parse(get("/_test/log")).get("disconnects").forEach(n -> out.add(n.asInt()));
    return out;
  }

  /** How many request bodies arrived gzip-compressed. */
  public int gzipped() throws Exception {
    return Json.parse(get("/_test/log")).get("gzipped").asInt();
  }

  /** {@code GET /status}: the trainer's step and the queue's length in groups. */
  public JsonNode status() throws Exception {
    return Json.parse(get("/status"));
  }

  /** The next {@code count} posts are answered 422, as FastAPI answers a body it cannot validate. */
  public void reject(int count) throws Exception {
    post("/_test/reject", Json.object().put("count", count).toString());
  }

  /** Every {@code /scored_data} answer is held this long first. */
  public void delayPosts(double seconds) throws Exception {
    post("/_test/delay", Json.object().put("seconds", seconds).toString());
  }

  /** Registers another environment directly, as a second BaseEnv would; returns its env id. */
  public int registerOtherEnv(String name, int groupSize, Double minBatchAllocation) throws Exception {
    var body = Json.object().put("max_token_length", 2048).put("desired_name", name).put("weight", 1.0).put("group_size", groupSize);
    if (minBatchAllocation != null) {
      body.put("min_batch_allocation", minBatchAllocation);
    }
    return Json.parse(post("/register-env", body.toString())).get("env_id").asInt();
  }

  /** Posts a group on behalf of another environment. */
  public void postFor(int envId, int groupSize) throws Exception {
    var g = Json.object();
    var tokens = g.putArray("tokens");
    var masks = g.putArray("masks");
    var scores = g.putArray("scores");
    for (int i = 0; i < groupSize; i++) {
      tokens.addArray().add(1).add(2);
      masks.addArray().add(-100).add(2);
      scores.add(i);
    }
    g.put("env_id", envId);
    post("/scored_data", g.toString());
  }

  /**
   * Runs {@code trainer_read.py}: every batch left is taken off the API and read as Atropos' example
   * trainer reads it; returns its one-line JSON answer ({@code ok}, counts, or the error).
   */
  public JsonNode readAsTrainer() throws Exception {
    Process p = new ProcessBuilder(PYTHON, pythonDir.resolve("trainer_read.py").toString(), url()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return Json.parse(out.strip());
  }

  public String log() throws IOException {
    return Files.exists(logFile) ? Files.readString(logFile) : "";
  }

  String get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url() + path)).GET().build());
  }

  String post(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private static String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(request.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  @Override
  public void close() throws Exception {
    kill();
  }
}
