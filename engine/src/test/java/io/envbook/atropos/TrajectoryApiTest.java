package io.envbook.atropos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.json.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The trajectory API client against uvicorn: HTTP/1.1 only, a GET with a body, gzip, errors that say what happened. */
class TrajectoryApiTest {
  @TempDir Path dir;
  private UvicornTrajectoryApi server;

  @BeforeEach
  void start() throws Exception {
    server = UvicornTrajectoryApi.start(dir.resolve("uvicorn.log"));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void uvicornRefusesAnHttp2UpgradeOffer() throws Exception {
    // what the JDK's HttpClient sends by default on http://, and what envbook must not send
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /status-env HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
          + "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
          + "{\"env_id\":0}").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String answer = new String(in.readNBytes(200), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").contains("Unsupported upgrade request");
    }
  }

  @Test
  void statusEnvIsAPlainHttp11GetWithItsJsonBody() throws Exception {
    server.registerTrainer(12, 4096, 100);
    TrajectoryApi api = new TrajectoryApi(server.url());
    int envId = api.registerEnv(4096, "numbers", 1.0, 4, null).get("env_id").asInt();

    assertThat(api.statusEnv(envId).get("queue_size").asInt()).isZero();
    assertThat(api.info().get("batch_size").asInt()).isEqualTo(12);
  }

  @Test
  void largeGroupsAreSentGzipped() throws Exception {
    server.registerTrainer(2, 4096, 100);
    TrajectoryApi api = new TrajectoryApi(server.url());
    int envId = api.registerEnv(4096, "numbers", 1.0, 2, null).get("env_id").asInt();
    ObjectNode group = Json.object();
    ArrayNode tokens = group.putArray("tokens");
    ArrayNode masks = group.putArray("masks");
    for (int s = 0; s < 2; s++) {
      ArrayNode t = tokens.addArray();
      ArrayNode m = masks.addArray();
      for (int i = 0; i < 2000; i++) {
        t.add(i);
        m.add(i < 10 ? -100 : i);
      }
    }
    group.putArray("scores").add(1.0).add(0.0);
    group.put("env_id", envId);

    assertThat(api.scoredData(group).get("status").asString()).isEqualTo("received");
    assertThat(server.gzipped()).isEqualTo(1);
    assertThat(server.posts().get(0).get("tokens")).isEqualTo(tokens);
  }

  @Test
  void aFailureSaysWhetherTheServerAnsweredAndWhat() throws Exception {
    TrajectoryApi api = new TrajectoryApi(server.url());
    assertThatThrownBy(() -> api.statusEnv(0)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(500);
      assertThat(e.getMessage()).isEqualTo("/status-env answered 500: Internal Server Error");
    });
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(() -> new TrajectoryApi("http://127.0.0.1:" + closed).info()).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.answered()).isFalse();
      assertThat(e.getMessage()).startsWith("/info got no answer: ");
    });
  }
}
