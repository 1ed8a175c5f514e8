package io.envbook.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates Docker sandboxes: one container per task through the {@code docker} command
 * ({@link DockerCli} says which), from the spec's image, else the image built from its
 * {@code Dockerfile} folder, else {@link #DEFAULT_IMAGE}; with {@code sleep infinity}, on the network
 * only when the spec asks, with its CPU and memory limits, working in the spec's working directory
 * (default {@link #WORKDIR}) with its folders made. Every container is labelled
 * {@code envbook.sandbox=<pid>} and {@code envbook.task=<task>}, so {@link #prune()} finds what a
 * killed run left. At most {@code maxStarts} containers start at once; a start that fails for a
 * reason that may pass (the engine busy, a registry's rate limit) is tried again after 1, 2, 4 s
 * (a missing image is not). Commands and files go through {@code docker exec}
 * ({@link ContainerSandbox}); closing removes the container. The engine must answer when the
 * provider is created; when none does, creation fails with the reason and the other backends to use
 * instead.
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

  /** The label on every container (and built image) of this backend, for {@link #prune()}. */
  static final String LABEL = "envbook.sandbox";

  /** The working directory of every command in the container when the spec names none. */
  public static final String WORKDIR = "/workspace";

  private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
  private static final List<String> PERMANENT = List.of("manifest unknown", "pull access denied", "repository does not exist",
      "no such image", "not found", "invalid reference format", "unknown flag", "invalid argument");

  private final DockerCli docker;
  private final String defaultImage;
  private final int outputCap;
  private final Semaphore starts;
  private final int attempts;
  private final Duration backoff;
  private final DockerImages images;
  private final Set<Sandbox> open = ConcurrentHashMap.newKeySet();

  /** Containers from {@link #DEFAULT_IMAGE} when a task names no image. */
  public DockerSandboxProvider() {
    this(DEFAULT_IMAGE);
  }

  public DockerSandboxProvider(String defaultImage) {
    this(defaultImage, 100_000);
  }

  public DockerSandboxProvider(String defaultImage, int outputCap) {
    this(DockerCli.fromEnvironment(), defaultImage, outputCap, 4, 4, Duration.ofSeconds(1));
  }

  /**
   * @param maxStarts containers starting at once at most
   * @param attempts tries of a start that fails for a reason that may pass
   * @param backoff the wait before the second try, doubled before each next one
   */
  DockerSandboxProvider(DockerCli docker, String defaultImage, int outputCap, int maxStarts, int attempts, Duration backoff) {
    this.docker = docker;
    String problem = engineProblem(docker);
    if (problem != null) {
      throw new IllegalStateException("the docker sandbox needs a Docker engine, and " + problem
          + ": start one, or use sandbox 'bubblewrap' or 'local'");
    }
    this.defaultImage = defaultImage;
    this.outputCap = outputCap;
    this.starts = new Semaphore(maxStarts, true);
    this.attempts = attempts;
    this.backoff = backoff;
    this.images = new DockerImages(docker);
  }

  /**
   * Why no Docker engine can be used here, or {@code null} when one answers: asks
   * {@code docker version} for the server's version, waiting at most ten seconds.
   */
  public static String engineProblem() {
    return engineProblem(DockerCli.fromEnvironment());
  }

  static String engineProblem(DockerCli docker) {
    DockerCli.Result r = docker.run(Duration.ofSeconds(10), "version", "--format", "{{.Server.Version}}");
    if (r.exit() == -1) {
      return r.stderr().startsWith("there is no") ? "there is no `" + docker.program() + "` command"
          : "`docker version` did not answer within 10 s";
    }
    return r.ok() ? null : "`docker version` failed (" + r.complaint() + ")";
  }

  @Override
  public Sandbox create(String taskId, SandboxSpec spec) {
    String image = spec.image() != null ? spec.image() : spec.build() != null ? images.image(spec.build(), spec.buildTimeout()) : defaultImage;
    String workdir = spec.workdir() != null ? spec.workdir() : WORKDIR;
    String name = "envbook-" + taskId.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + HexFormat.of().formatHex(randomBytes());
    start(taskId, name, runArgs(taskId, name, image, workdir, spec));
    DockerChannel channel = new DockerChannel(docker, name);
    Sandbox[] holder = new Sandbox[1];
    holder[0] = new ContainerSandbox(taskId, "docker", workdir, channel, outputCap, () -> open.remove(holder[0]));
    open.add(holder[0]);
    if (!spec.folders().isEmpty()) {
      List<String> mkdir = new ArrayList<>(List.of("exec", name, "mkdir", "-p"));
      mkdir.addAll(spec.folders());
      DockerCli.Result r = docker.run(Duration.ofSeconds(60), mkdir);
      if (!r.ok()) {
        holder[0].close();
        throw new UncheckedIOException(new IOException("could not make the task's folders " + spec.folders() + " in the container of "
            + taskId + ": " + r.complaint()));
      }
    }
    return holder[0];
  }

  /** The {@code docker run} arguments of a sandbox container. */
  static List<String> runArgs(String taskId, String name, String image, String workdir, SandboxSpec spec) {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--rm", "--name", name, "--network", spec.network() ? "bridge" : "none",
        "--label", LABEL + "=" + ProcessHandle.current().pid(), "--label", "envbook.task=" + taskId, "-w", workdir));
    if (spec.cpu() != null) {
      args.addAll(List.of("--cpus", cpus(spec.cpu())));
    }
    if (spec.memory() != null) {
      args.addAll(List.of("--memory", bytes(spec.memory())));
    }
    args.addAll(List.of("--entrypoint", "sleep", image, "infinity"));
    return args;
  }

  /** Starts a container, at most {@code maxStarts} at once, trying again after a failure that may pass. */
  private void start(String taskId, String name, List<String> args) {
    starts.acquireUninterruptibly();
    try {
      Duration wait = backoff;
      for (int attempt = 1; ; attempt++) {
        DockerCli.Result r = docker.run(START_TIMEOUT, args);
        if (r.ok()) {
          return;
        }
        docker.run(Duration.ofSeconds(60), "rm", "-f", name); // a start that timed out may have left the container
        String complaint = r.complaint();
        boolean permanent = PERMANENT.stream().anyMatch(complaint.toLowerCase(Locale.ROOT)::contains);
        if (permanent || attempt >= attempts) {
          String image = args.get(args.size() - 2);
          throw new UncheckedIOException(new IOException("could not start a container for task " + taskId + ": `docker run` of image "
              + image + " failed" + (attempt > 1 ? " " + attempt + " times" : "") + ": " + complaint));
        }
        sleep(wait);
        wait = wait.multipliedBy(2);
      }
    } finally {
      starts.release();
    }
  }

  /** Kubernetes CPUs ({@code "2"}, {@code "500m"}) as {@code docker --cpus} takes them. */
  static String cpus(String cpu) {
    return cpu.endsWith("m") ? String.valueOf(Double.parseDouble(cpu.substring(0, cpu.length() - 1)) / 1000) : cpu;
  }

  /** Kubernetes quantities ({@code "2048Mi"}, {@code "4Gi"}, {@code "4G"}) as {@code docker --memory} takes them. */
  static String bytes(String quantity) {
    String q = quantity.strip();
    for (String[] unit : new String[][] {{"Ki", "k"}, {"Mi", "m"}, {"Gi", "g"}, {"Ti", "t"}, {"K", "k"}, {"M", "m"}, {"G", "g"}, {"T", "t"}}) {
      if (q.endsWith(unit[0])) {
        return q.substring(0, q.length() - unit[0].length()) + unit[1];
      }
    }
    return q;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to start a container again", e);
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

  /** Removes every container labelled {@code envbook.sandbox}, whichever run made it. */
  @Override
  public int prune() {
    DockerCli.Result ids = docker.run(Duration.ofSeconds(60), "ps", "-aq", "--filter", "label=" + LABEL);
    if (!ids.ok()) {
      throw new IllegalStateException("could not list the sandbox containers: " + ids.complaint());
    }
    List<String> containers = ids.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (!containers.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("rm", "-f"));
      rm.addAll(containers);
      DockerCli.Result r = docker.run(Duration.ofMinutes(5), rm);
      if (!r.ok()) {
        throw new IllegalStateException("could not remove the sandbox containers: " + r.complaint());
      }
    }
    return containers.size();
  }

  @Override
  public void close() {
    for (Sandbox sb : List.copyOf(open)) {
      sb.close();
    }
  }
}
