package io.envbook.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a task asks of its sandbox: the container image (or a folder with a {@code Dockerfile} to
 * build one from), whether it may reach the network, the CPU, memory and disk it gets, and the
 * folders it works in. Backends take what they can and say what they cannot: {@code local} none of
 * it (and refuses folders), {@code bubblewrap} the network and the folders (each a host folder bound
 * to its path), {@code docker} all of it. {@code null} fields mean the backend's default.
 *
 * <pre>{@code
 * SandboxSpec.DEFAULT.withImage("python:3.12-slim").withNetwork(true).withResources("2", "4Gi")
 *     .withLayout("/app", List.of("/app", "/tests", "/logs"))
 * }</pre>
 *
 * @param image the container image, {@code null} for the backend's default (or the one built from {@code build})
 * @param network whether the sandbox may reach the network (default: it may not)
 * @param cpu CPUs as Kubernetes writes them ({@code "1"}, {@code "500m"}), {@code null} for the default
 * @param memory memory as Kubernetes writes it ({@code "4Gi"}, {@code "2048Mi"}), {@code null} for the default
 * @param storage disk as Kubernetes writes it ({@code "10Gi"}), {@code null} for the default
 * @param build a host folder holding a {@code Dockerfile}, built into the image when {@code image} is {@code null}
 * @param workdir the working directory (and {@code HOME}), an absolute sandbox path; {@code null} for the backend's own
 * @param folders absolute sandbox folders the task uses ({@code /app}, {@code /tests}, {@code /logs}), made empty
 *     at the start; on {@code bubblewrap} the only places a command can write
 * @param buildTimeout how long building the image from {@code build} may take, {@code null} for the backend's default
 */
public record SandboxSpec(String image, boolean network, String cpu, String memory, String storage, Path build, String workdir,
    List<String> folders, Duration buildTimeout) {
  /** The backend's image and resources, no network, the backend's own working directory. */
  public static final SandboxSpec DEFAULT = new SandboxSpec(null, false, null, null, null, null, null, List.of(), null);

  public SandboxSpec {
    folders = List.copyOf(folders == null ? List.of() : folders);
    for (String f : folders) {
      if (!f.startsWith("/") || f.equals("/") || f.contains("..")) {
        throw new IllegalArgumentException("sandbox folder `" + f + "` must be an absolute path below /, such as /app");
      }
    }
    if (workdir != null && !workdir.startsWith("/")) {
      throw new IllegalArgumentException("the working directory `" + workdir + "` must be an absolute path, such as /app");
    }
    if (buildTimeout != null && (buildTimeout.isZero() || buildTimeout.isNegative())) {
      throw new IllegalArgumentException("the image's build timeout must be positive, not " + buildTimeout.toSeconds() + " s");
    }
  }

  public SandboxSpec withImage(String newImage) {
    return new SandboxSpec(newImage, network, cpu, memory, storage, build, workdir, folders, buildTimeout);
  }

  public SandboxSpec withNetwork(boolean allowed) {
    return new SandboxSpec(image, allowed, cpu, memory, storage, build, workdir, folders, buildTimeout);
  }

  public SandboxSpec withResources(String newCpu, String newMemory) {
    return new SandboxSpec(image, network, newCpu, newMemory, storage, build, workdir, folders, buildTimeout);
  }

  public SandboxSpec withStorage(String newStorage) {
    return new SandboxSpec(image, network, cpu, memory, newStorage, build, workdir, folders, buildTimeout);
  }

  /** Builds the image from {@code dockerfileFolder} when no image is named. */
  public SandboxSpec withBuild(Path dockerfileFolder) {
    return new SandboxSpec(image, network, cpu, memory, storage, dockerfileFolder, workdir, folders, buildTimeout);
  }

  /** Works in {@code newWorkdir}, with {@code newFolders} made for the task. */
  public SandboxSpec withLayout(String newWorkdir, List<String> newFolders) {
    return new SandboxSpec(image, network, cpu, memory, storage, build, newWorkdir, newFolders, buildTimeout);
  }

  /** Gives building the image at most {@code timeout} ({@code null}: the backend's default). */
  public SandboxSpec withBuildTimeout(Duration timeout) {
    return new SandboxSpec(image, network, cpu, memory, storage, build, workdir, folders, timeout);
  }
}
