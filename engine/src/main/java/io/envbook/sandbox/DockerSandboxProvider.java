package io.envbook.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Creates Docker sandboxes: one container per task, started from the task's image (or
 * {@link #DEFAULT_IMAGE}) through the {@code docker} command, with {@code sleep infinity}, without
 * network, labelled {@code envbook.sandbox} and working in {@link #WORKDIR}. Commands and files go
 * through {@code docker exec} ({@link ContainerSandbox}); closing removes the container. The engine must answer when the provider
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

  /** The working directory of every command in the container. */
  public static final String WORKDIR = "/workspace";

  private final String defaultImage;
  private final int outputCap;
  private final Set<Sandbox> open = ConcurrentHashMap.newKeySet();

  /** Containers from {@link #DEFAULT_IMAGE} when a task names no image. */
  public DockerSandboxProvider() {
    this(DEFAULT_IMAGE);
  }

  public DockerSandboxProvider(String defaultImage) {
    this(defaultImage, 100_000);
  }

  public DockerSandboxProvider(String defaultImage, int outputCap) {
    String problem = engineProblem();
    if (problem != null) {
      throw new IllegalStateException("the docker sandbox needs a Docker engine, and " + problem
          + ": start one, or use sandbox 'bubblewrap' or 'local'");
    }
    this.defaultImage = defaultImage;
    this.outputCap = outputCap;
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
    String chosen = image == null ? defaultImage : image;
    String failure = DockerChannel.docker(List.of("docker", "run", "-d", "--rm", "--name", name, "--network", "none",
        "--label", "envbook.sandbox=" + ProcessHandle.current().pid(), "--label", "envbook.task=" + taskId, "-w", WORKDIR,
        "--entrypoint", "sleep", chosen, "infinity"), Duration.ofMinutes(10));
    if (failure != null) {
      throw new UncheckedIOException(new IOException("could not start a container for task " + taskId
          + ": `docker run` of image " + chosen + " failed: " + failure));
    }
    Sandbox[] holder = new Sandbox[1];
    holder[0] = new ContainerSandbox(taskId, "docker", WORKDIR, new DockerChannel(name), outputCap, () -> open.remove(holder[0]));
    open.add(holder[0]);
    return holder[0];
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
    for (Sandbox sb : List.copyOf(open)) {
      sb.close();
    }
  }
}
