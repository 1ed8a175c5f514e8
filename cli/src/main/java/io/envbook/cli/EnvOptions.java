package io.envbook.cli;

import io.envbook.env.Environment;
import io.envbook.sandbox.SandboxProvider;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that runs an environment shares: its settings and the sandbox backend. */
final class EnvOptions {
  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "A setting of a built-in environment, e.g. --set dataset=FILE or --set task_timeout=600 (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--sandbox", paramLabel = "BACKEND", completionCandidates = Sandboxes.Names.class,
      description = "Sandbox backend: ${COMPLETION-CANDIDATES} (default: the environment's).")
  String sandbox;

  @Option(names = "--sandbox-option", paramLabel = "KEY=VALUE",
      description = "A setting of the sandbox backend, e.g. --sandbox-option namespace=rollouts for kubernetes (repeatable); "
          + "on top of the environment's own when the backend is its.")
  Map<String, String> sandboxOptions = new LinkedHashMap<>();

  @Option(names = "--verbose", description = "Print the engine's log on stderr: retries, cache misses, MCP servers, swallowed errors.")
  boolean verbose; // read by Main before any logger exists

  Environment load(String spec) throws IOException {
    return EnvironmentLoader.load(spec, settings);
  }

  SandboxProvider sandboxes(Environment env) {
    String backend = sandbox != null ? sandbox : env.config().sandbox();
    Map<String, String> settings = new LinkedHashMap<>(backend.equals(env.config().sandbox()) ? env.config().sandboxSettings() : Map.of());
    settings.putAll(sandboxOptions);
    return Sandboxes.create(backend, settings);
  }
}
