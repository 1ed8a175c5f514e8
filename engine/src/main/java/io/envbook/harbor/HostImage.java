package io.envbook.harbor;

import io.envbook.sandbox.ExecRequest;
import io.envbook.sandbox.ExecResult;
import io.envbook.sandbox.Sandbox;
import io.envbook.sandbox.SandboxViolation;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A task's image made on this machine instead of by a container engine, for the {@code bubblewrap}
 * backend: the task's {@code Dockerfile} is followed over the host system, which stands in for its
 * {@code FROM} image. {@code WORKDIR}, {@code ENV}, {@code COPY} and {@code ADD} of the task's own
 * files are done as Docker would; each {@code RUN} runs in the sandbox; instructions that only
 * describe the container ({@code CMD}, {@code EXPOSE}, {@code USER}, ...) are skipped. A task whose
 * image adds something this machine cannot (a {@code RUN} that fails here, a file fetched from a URL,
 * a copy from another build stage, or an image without a Dockerfile) says so in one sentence with
 * {@link TaskNeedsImageException}.
 */
final class HostImage {
  private static final Set<String> DESCRIPTIVE = Set.of("FROM", "ARG", "LABEL", "MAINTAINER", "EXPOSE", "CMD", "ENTRYPOINT", "USER",
      "HEALTHCHECK", "SHELL", "STOPSIGNAL", "VOLUME", "ONBUILD");
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

  private final HarborTask task;
  private final Sandbox sandbox;
  private String workdir;

  private HostImage(HarborTask task, Sandbox sandbox) {
    this.task = task;
    this.sandbox = sandbox;
    this.workdir = sandbox.workdir(); // stands in for the image's "/" until the first WORKDIR
  }

  /** Lays the task's image out in {@code sandbox}, or says in one sentence why it cannot. */
  static void apply(HarborTask task, Sandbox sandbox) throws IOException {
    if (task.dockerfile() == null) {
      if (task.dockerImage() != null) {
        throw new TaskNeedsImageException("task " + task.name() + " needs its image " + task.dockerImage() + ": it has no "
            + "environment/Dockerfile to lay out over this machine; run it with --sandbox docker");
      }
      return;
    }
    HostImage image = new HostImage(task, sandbox);
    for (Dockerfile.Instruction i : Dockerfile.read(task.dockerfile()).instructions()) {
      image.follow(i);
    }
  }

  private void follow(Dockerfile.Instruction i) throws IOException {
    switch (i.keyword()) {
      case "WORKDIR" -> {
        String dir = i.arguments().strip();
        String next = Path.of(dir.startsWith("/") ? dir : workdir + "/" + dir).normalize().toString();
        run(i, List.of("mkdir", "-p", next));
        workdir = next;
      }
      case "ENV" -> env(i.arguments());
      case "COPY", "ADD" -> copy(i);
      case "RUN" -> run(i, i.arguments().strip().startsWith("[") ? i.words() : List.of("bash", "-c", i.arguments()));
      default -> {
        if (!DESCRIPTIVE.contains(i.keyword())) {
          throw needsImage(i, "is not an instruction envbook knows");
        }
      }
    }
  }

  private void run(Dockerfile.Instruction i, List<String> argv) throws IOException {
    ExecResult r = sandbox.exec(ExecRequest.of(argv).cwd(workdir).timeout(RUN_TIMEOUT));
    if (!r.ok()) {
      String last = r.output().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output").strip();
      throw needsImage(i, r.timedOut() ? "ran past " + RUN_TIMEOUT.toMinutes() + " min on this machine"
          : "failed on this machine (exit " + r.exitCode() + ": " + last + ")");
    }
  }

  private void env(String arguments) {
    String a = arguments.strip();
    if (!a.contains("=")) {
      int space = a.indexOf(' ');
      sandbox.putEnv(a.substring(0, space), unquote(a.substring(space + 1).strip()));
      return;
    }
    for (String pair : a.split("\\s+(?=[A-Za-z_][A-Za-z0-9_]*=)")) {
      int eq = pair.indexOf('=');
      sandbox.putEnv(pair.substring(0, eq), unquote(pair.substring(eq + 1)));
    }
  }

  private void copy(Dockerfile.Instruction i) throws IOException {
    List<String> words = new ArrayList<>(i.words());
    if (words.stream().anyMatch(w -> w.startsWith("--from"))) {
      throw needsImage(i, "copies from another build stage");
    }
    words.removeIf(w -> w.startsWith("--"));
    if (words.size() < 2) {
      throw needsImage(i, "names no source and destination");
    }
    String dest = words.removeLast();
    String target = dest.startsWith("/") ? dest : workdir + "/" + dest;
    boolean intoFolder = dest.endsWith("/") || words.size() > 1;
    Path context = task.dockerfile().getParent().toAbsolutePath().normalize();
    for (String source : words) {
      if (source.matches("(?i)(https?|git)://.*")) {
        throw needsImage(i, "fetches " + source + " from the network");
      }
      for (Path from : matches(context, source)) {
        if (!from.startsWith(context)) {
          throw needsImage(i, "copies " + source + " from outside its environment folder");
        }
        boolean folder = Files.isDirectory(from);
        String to = folder || !intoFolder ? target : target + "/" + from.getFileName();
        try {
          sandbox.upload(from, to);
        } catch (SandboxViolation outside) {
          throw needsImage(i, "copies into " + target + ", outside the folders this backend lays out");
        }
      }
    }
  }

  /** The files of {@code context} that a COPY source names, wildcards expanded in its last part. */
  private static List<Path> matches(Path context, String source) throws IOException {
    Path p = context.resolve(source).normalize();
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    if (!name.contains("*") && !name.contains("?")) {
      if (!Files.exists(p)) {
        throw new TaskFormatException("the Dockerfile of " + context + " copies " + source + ", which its environment folder lacks");
      }
      return List.of(p);
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(p.getParent(), name)) {
      dir.forEach(found::add);
    }
    return found.stream().sorted().toList();
  }

  private TaskNeedsImageException needsImage(Dockerfile.Instruction i, String what) {
    return new TaskNeedsImageException("task " + task.name() + " needs its image: its Dockerfile's `" + i + "` (line " + i.line() + ") "
        + what + "; run it with --sandbox docker");
  }

  private static String unquote(String v) {
    return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'")) ? v.substring(1, v.length() - 1) : v;
  }
}
