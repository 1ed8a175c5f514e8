package io.envbook.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Images built from a task's {@code Dockerfile} folder, once per content: the tag is
 * {@code envbook-task:<hash of the folder>}, so a folder built before (by this run or an earlier
 * one) is not built again, and two rollouts of one task wait for the same build.
 */
final class DockerImages {
  static final String REPOSITORY = "envbook-task";
  /** How long a build may take when the task does not say. */
  static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
  private final DockerCli docker;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  DockerImages(DockerCli docker) {
    this.docker = docker;
  }

  /**
   * The image of {@code context}'s Dockerfile, built when the engine does not have it yet, the build
   * given at most {@code timeout} ({@code null}: {@link #BUILD_TIMEOUT}).
   */
  String image(Path context, Duration timeout) {
    Duration limit = timeout == null ? BUILD_TIMEOUT : timeout;
    if (!Files.isRegularFile(context.resolve("Dockerfile"))) {
      throw new IllegalArgumentException("there is no Dockerfile in " + context + " to build the task's image from");
    }
    String tag = REPOSITORY + ":" + hash(context);
    synchronized (locks.computeIfAbsent(tag, t -> new Object())) {
      if (docker.run(Duration.ofSeconds(60), "image", "inspect", tag).ok()) {
        return tag;
      }
      DockerCli.Result r = docker.run(limit, List.of("build", "-t", tag, "--label", DockerSandboxProvider.LABEL + "=image",
          context.toString()));
      if (!r.ok()) {
        throw new UncheckedIOException(new IOException("`docker build` of " + context + " failed: " + r.complaint()));
      }
      return tag;
    }
  }

  /** The first 16 hex digits of the SHA-256 of every file's path and bytes under {@code dir}, in path order. */
  static String hash(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        sha.update(dir.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Files.readAllBytes(f));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the image's folder " + dir + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
