package io.envbook.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Creates {@link DockerSandbox}es: one container per task, started from the task's image (or
 * {@link #DEFAULT_IMAGE}) through the {@code docker} command. The engine must answer when the provider
 * is created; when none does, creation fails with the reason and the other backends to use instead.
 *
 * <pre>{@code
 * try (SandboxProvider docker = new DockerSandboxProvider();
 *      Sandbox sb = docker.create("task-1", "python:3.12-slim")) {
 *   sb.exec("python3 --version", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class DockerSandboxProvider implements SandboxProvider {
  /** The image Hermes' sandboxes used when a task names none. */
  public static final String DEFAULT_IMAGE = "nikolaik/python-nodejs:python3.11-nodejs20";

  private final Path base;
  private final String defaultImage;
  private final Set<DockerSandbox> open = ConcurrentHashMap.newKeySet();

  /** Containers from {@link #DEFAULT_IMAGE} when a task names no image. */
  public DockerSandboxProvider() {
    this(DEFAULT_IMAGE);
  }

  public DockerSandboxProvider(String defaultImage) {
    String problem = engineProblem();
    if (problem != null) {
      throw new IllegalStateException("the docker sandbox needs a Docker engine, and " + problem
          + ": start one, or use sandbox 'bubblewrap' or 'local'");
    }
    this.defaultImage = defaultImage;
    try {
      this.base = Files.createTempDirectory("envbook-docker-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the sandbox directory: " + e.getMessage(), e);
    }
  }

  /**
   * Why no Docker engine can be used here, or {@code null} when one answers: asks
   * {@code docker version} for the server's version, waiting at most ten seconds.
   */
  public static String engineProblem() {
    try {
      Process p = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}").redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "`docker version` did not answer within 10 s";
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        String first = out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output");
        return "`docker version` failed (" + first + ")";
      }
      return null;
    } catch (IOException e) {
      return "there is no `docker` command";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the check was interrupted";
    }
  }

  @Override
  public Sandbox create(String taskId) {
    return create(taskId, null);
  }

  @Override
  public Sandbox create(String taskId, String image) {
    String suffix = HexFormat.of().formatHex(randomBytes());
    String name = "envbook-" + taskId.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + suffix;
    try {
      DockerSandbox[] holder = new DockerSandbox[1];
      DockerSandbox sb = DockerSandbox.start(taskId, name, image == null ? defaultImage : image, base.resolve(name), () -> open.remove(holder[0]));
      holder[0] = sb;
      open.add(sb);
      return sb;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a container for task " + taskId + ": " + e.getMessage(), e);
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public void close() {
    for (DockerSandbox sb : List.copyOf(open)) {
      sb.close();
    }
    try {
      LocalSandbox.deleteTree(base);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + base + ": " + e.getMessage(), e);
    }
  }
}
