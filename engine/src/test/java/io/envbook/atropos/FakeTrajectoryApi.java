package io.envbook.atropos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.envbook.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A stand-in for Atropos' trajectory API with the endpoints an environment uses, as the reference
 * describes them: registration answers "wait for trainer to start" a few times, {@code /status-env}
 * reports a queue that a pretend trainer drains by one group per call, and {@code /scored_data}
 * answers {@code buffered} for every third group. It can be stopped and started again on the same
 * port; what it received survives restarts, so a test can count every group.
 */
final class FakeTrajectoryApi implements AutoCloseable {
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final AtomicInteger registrations = new AtomicInteger();
  final List<JsonNode> registerBodies = new CopyOnWriteArrayList<>();
  final AtomicInteger disconnects = new AtomicInteger();
  final AtomicInteger statusCalls = new AtomicInteger();
  final AtomicInteger queue = new AtomicInteger();
  /** This environment's own queued groups; -1 reports the whole queue as its own. */
  final AtomicInteger selfQueue = new AtomicInteger(-1);
  private final int batchSize;
  private final int port;
  private HttpServer server;

  FakeTrajectoryApi(int batchSize) throws IOException {
    this.batchSize = batchSize;
    server = start(0);
    port = server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  void stop() {
    server.stop(0);
  }

  void restart() throws IOException {
    server = start(port);
  }

  private HttpServer start(int onPort) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 64);
    s.createContext("/register-env", ex -> answerRegistration(ex));
    s.createContext("/info", ex -> answer(ex, "{\"batch_size\":" + batchSize + ",\"max_token_len\":4096}"));
    s.createContext("/status-env", ex -> {
      statusCalls.incrementAndGet();
      int q = queue.updateAndGet(v -> Math.max(0, v - 1));
      // the pretend trainer takes one step per group received
      answer(ex, "{\"current_step\":" + received.size() + ",\"queue_size\":" + q + ",\"self_queue_size\":" + (selfQueue.get() < 0 ? q : selfQueue.get()) + ",\"unallocated_fraction\":1.0,"
          + "\"max_group_size\":3,\"env_weight\":1.0}");
    });
    s.createContext("/scored_data", ex -> {
      JsonNode group = Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      received.add(group);
      queue.incrementAndGet();
      answer(ex, received.size() % 3 == 0 ? "{\"status\":\"buffered\",\"buffer_size\":1}" : "{\"status\":\"received\"}");
    });
    s.createContext("/disconnect-env", ex -> {
      disconnects.incrementAndGet();
      answer(ex, "{\"status\":\"success\"}");
    });
    s.start();
    return s;
  }

  private void answerRegistration(HttpExchange ex) throws IOException {
    registerBodies.add(Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    answer(ex, registrations.incrementAndGet() < 3
        ? "{\"status\":\"wait for trainer to start\"}"
        : "{\"status\":\"success\",\"env_id\":0,\"wandb_name\":\"test_0\",\"checkpoint_dir\":\"\",\"starting_step\":0,"
            + "\"checkpoint_interval\":0,\"num_steps\":100}");
  }

  private static void answer(HttpExchange ex, String body) throws IOException {
    ex.getRequestBody().readAllBytes();
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
