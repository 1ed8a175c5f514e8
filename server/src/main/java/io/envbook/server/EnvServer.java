package io.envbook.server;

import io.envbook.env.Environment;
import io.envbook.json.Json;
import io.envbook.sandbox.SandboxProvider;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import tools.jackson.databind.node.ObjectNode;

/**
 * An envbook environment served to any trainer, in OpenEnv's protocol: HTTP ({@link HttpRoutes})
 * and WebSocket sessions at {@code /ws} ({@link WsSession}), the tools also over MCP. Each episode
 * is a rollout of the environment in its own sandbox whose assistant turns the client sends; the
 * environment's reward ends it, with the sandbox still there for the reward to read.
 *
 * <pre>{@code
 * try (EnvServer server = EnvServer.start(env, sandboxes, EnvServerSettings.builder().port(0).build())) {
 *   URI base = server.uri();   // POST base/reset, POST base/step, ws://.../ws
 * }
 * }</pre>
 */
public final class EnvServer implements AutoCloseable {
  private static final long BODY_LIMIT = 32L << 20;
  private final Server jetty;
  private final Episodes episodes;

  private EnvServer(Server jetty, Episodes episodes) {
    this.jetty = jetty;
    this.episodes = episodes;
  }

  public static EnvServer start(Environment env, SandboxProvider sandboxes, EnvServerSettings settings) throws Exception {
    Episodes episodes = new Episodes(env, sandboxes, settings);
    Mcp mcp = new Mcp(episodes.rollouts().tools(), env.config().name());
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("env-server");
    threads.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    Server jetty = new Server(threads);
    ServerConnector http = new ServerConnector(jetty);
    http.setHost(settings.host());
    http.setPort(settings.port());
    jetty.addConnector(http);
    ObjectNode metadata = Json.object().put("name", env.config().name())
        .put("description", "envbook environment `" + env.config().name() + "`: " + episodes.items() + " items, tools "
            + String.join(", ", episodes.rollouts().tools().names()))
        .put("version", "1").put("author", "envbook");
    WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(jetty, container -> {
      container.setIdleTimeout(settings.idleTimeout());
      container.setMaxTextMessageSize(BODY_LIMIT);
      container.addMapping("/ws", (req, resp, cb) -> new WsSession(episodes, mcp));
    });
    ws.setHandler(new HttpRoutes(episodes, mcp, metadata));
    SizeLimitHandler limited = new SizeLimitHandler(BODY_LIMIT, -1);
    limited.setHandler(ws);
    jetty.setHandler(limited);
    jetty.setStopTimeout(Duration.ofSeconds(5).toMillis());
    try {
      jetty.start();
    } catch (Exception e) {
      episodes.close();
      throw e;
    }
    return new EnvServer(jetty, episodes);
  }

  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** {@code http://host:port}. */
  public URI uri() {
    String host = ((ServerConnector) jetty.getConnectors()[0]).getHost();
    return URI.create("http://" + (host == null || host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port());
  }

  /** Episodes open and not done. */
  public int activeEpisodes() {
    return episodes.active();
  }

  /** Episodes that ended (their rollouts recorded). */
  public int finishedEpisodes() {
    return episodes.finished();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Stops taking requests, closes every episode (their sandboxes removed) and stops. */
  @Override
  public void close() throws Exception {
    try {
      jetty.stop();
    } finally {
      episodes.close();
    }
  }
}
