package io.envbook.harbor;

import io.envbook.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads a Harbor task directory ({@code task.toml}, {@code instruction.md}, {@code environment/},
 * {@code tests/}, {@code solution/}) into a {@link HarborTask}, with Harbor's defaults for what
 * {@code task.toml} leaves out: 1 CPU, 2,048 MB of memory, 10,240 MB of disk, the internet allowed,
 * no agent or verifier timeouts of its own (the benchmark's apply) and 600 s to build the image. Both schema spellings are read: {@code memory_mb}
 * and the older {@code memory = "2G"}, {@code storage_mb} and {@code storage}, {@code schema_version}
 * and {@code version}.
 */
final class TaskToml {
  private static final TomlMapper TOML = new TomlMapper();

  private TaskToml() {}

  static HarborTask read(Path dir) {
    Path toml = dir.resolve("task.toml");
    Path instruction = dir.resolve("instruction.md");
    if (!Files.isRegularFile(instruction)) {
      throw new TaskFormatException("task " + dir + " has no instruction.md: a Harbor task holds instruction.md, task.toml, "
          + "environment/, tests/test.sh and, for the oracle, solution/solve.sh");
    }
    JsonNode root;
    try {
      root = Files.isRegularFile(toml) ? TOML.readTree(Files.readString(toml)) : Json.parse("{}");
      String name = root.path("task").path("name").asString(dir.getFileName().toString());
      JsonNode env = root.path("environment");
      return new HarborTask(name.contains("/") ? name.substring(name.indexOf('/') + 1) : name, Files.readString(instruction).strip(),
          plainMap(root.path("metadata")), seconds(root.path("agent").path("timeout_sec")),
          seconds(root.path("verifier").path("timeout_sec")), buildTimeout(env.path("build_timeout_sec")), text(env.path("docker_image")), env.path("cpus").asInt(1),
          megabytes(env, "memory", 2048), megabytes(env, "storage", 10240),
          env.path("allow_internet").asBoolean(true) && !"no-network".equals(env.path("network_mode").asString("")),
          strings(env.path("env")), strings(root.path("verifier").path("env")), strings(root.path("solution").path("env")),
          folder(dir, "environment"), folder(dir, "tests"), folder(dir, "solution"));
    } catch (JacksonException e) {
      throw new TaskFormatException(toml + " is not valid TOML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new TaskFormatException("cannot read task " + dir + ": " + e.getMessage());
    }
  }

  private static Path folder(Path dir, String name) {
    Path f = dir.resolve(name);
    return Files.isDirectory(f) ? f.toAbsolutePath() : null;
  }

  private static Duration seconds(JsonNode n) {
    return n.isNumber() ? Duration.ofMillis(Math.round(n.asDouble() * 1000)) : null;
  }

  /** {@code build_timeout_sec}, else Harbor's default of 600 s. */
  static Duration buildTimeout(JsonNode n) {
    Duration d = seconds(n);
    if (d != null && (d.isZero() || d.isNegative())) {
      throw new TaskFormatException("[environment] build_timeout_sec must be a positive number of seconds, not " + n.asString());
    }
    return d == null ? HarborTask.DEFAULT_BUILD_TIMEOUT : d;
  }

  private static String text(JsonNode n) {
    return n.isString() && !n.asString().isBlank() ? n.asString().strip() : null;
  }

  /** {@code <name>_mb}, else the older {@code <name> = "2G"} (G, M or K), else {@code fallback}. */
  static int megabytes(JsonNode env, String name, int fallback) {
    if (env.path(name + "_mb").isNumber()) {
      return env.path(name + "_mb").asInt();
    }
    String size = env.path(name).asString("").strip().toUpperCase(Locale.ROOT);
    if (size.isEmpty()) {
      return fallback;
    }
    double number = Double.parseDouble(size.replaceAll("[GMK]B?$", ""));
    return (int) (size.matches(".*GB?") ? number * 1024 : size.matches(".*KB?") ? number / 1024 : number);
  }

  private static Map<String, String> strings(JsonNode table) {
    Map<String, String> out = new LinkedHashMap<>();
    table.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plainMap(JsonNode table) {
    return table.isObject() ? (Map<String, Object>) Json.toPlain(table) : Map.of();
  }
}
