package io.envbook.cli;

import io.envbook.env.Environment;
import io.envbook.sandbox.SandboxProvider;
import io.envbook.server.EnvServer;
import io.envbook.server.EnvServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code envbook env-server}: the environment for any trainer, in OpenEnv's HTTP and WebSocket protocol. */
@Command(name = "env-server", mixinStandardHelpOptions = true,
    description = "Serve an environment to a trainer that drives its own model, in OpenEnv's protocol: POST /reset, POST /step, "
        + "GET /state, GET /health, the WebSocket /ws, and its tools over MCP at POST /mcp.")
final class EnvServerCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ENV")
  String env;

  @Mixin
  EnvOptions envOptions = new EnvOptions();

  @Option(names = "--port", paramLabel = "P", defaultValue = "8000", description = "Port to listen on; 0 picks one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address to listen on; 0.0.0.0 for trainers on other machines (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--sessions", paramLabel = "N", defaultValue = "64", description = "Episodes open at once (default: ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "An episode without a request this long is closed and its sandbox removed (default: ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE",
      description = "Append every finished episode to this rollout file (the JSONL of `run`), for export, rescore and notebooks.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (sessions < 1) {
      throw new UsageException("--sessions is how many episodes may be open at once: give 1 or more, not " + sessions);
    }
    if (idleSeconds < 1) {
      throw new UsageException("--idle-timeout is a number of seconds, 1 or more, not " + idleSeconds);
    }
    Environment environment = envOptions.load(env);
    EnvServerSettings settings = EnvServerSettings.builder().host(host).port(port).sessions(sessions)
        .idleTimeout(Duration.ofSeconds(idleSeconds)).out(out).build();
    CountDownLatch stopped = new CountDownLatch(1);
    try (SandboxProvider sandboxes = envOptions.sandboxes(environment)) {
      EnvServer server = EnvServer.start(environment, sandboxes, settings);
      Thread stopper = new Thread(() -> {
        try {
          server.close();
          stopped.await();
        } catch (Exception e) {
          System.err.println("env-server: stopping failed: " + e.getMessage());
        }
      }, "env-server-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      System.out.println("env-server: " + environment.config().name() + " at " + server.uri() + " (WebSocket "
          + server.uri().toString().replaceFirst("^http", "ws") + "/ws), up to " + sessions + " episodes"
          + (out == null ? "" : ", episodes written to " + out));
      System.out.flush();
      server.join();
      System.out.println("env-server: stopped after " + server.finishedEpisodes() + " episodes");
    } finally {
      stopped.countDown();
    }
    return 0;
  }
}
