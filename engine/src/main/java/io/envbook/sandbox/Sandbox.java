package io.envbook.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The place where one rollout's tools run, on whichever backend: a working directory and the
 * commands and files around it. The same sandbox serves the agent during the rollout and the reward
 * function afterwards (through {@link io.envbook.env.ToolContext}); it is closed after scoring.
 *
 * <p><b>Paths</b> are sandbox paths, as the sandbox's own commands see them, never host paths: a
 * relative path is taken from {@link #workdir()}, {@code ~} and {@code ~/...} name the working
 * directory (it is also {@code HOME}), and an absolute path is taken as it is. A backend refuses
 * what lies beyond its boundary with {@link SandboxViolation}: the {@code local} and
 * {@code bubblewrap} backends anything outside the task directory; container backends nothing, since
 * the container is the boundary.
 *
 * <p><b>Commands</b> run with a clean environment ({@code HOME}, {@code PATH}, {@code TERM=dumb},
 * {@code LANG}, {@code PYTHONDONTWRITEBYTECODE=1}, what {@link #putEnv} set, and the request's own),
 * stdout and stderr merged and capped. A command past its timeout is killed with every process it
 * started and reported with {@code timedOut}; a missing program is a result (exit 127), never an
 * exception. Processes a command leaves in the background live on until {@link #close()} (on
 * {@code bubblewrap}, whose commands each have their own process namespace, until their command ends).
 *
 * <p><b>Files</b> move as bytes: {@link #readFile}/{@link #writeFile} are UTF-8 on top of them.
 * Writing creates missing parent folders. A missing file or folder is a
 * {@link java.nio.file.NoSuchFileException}; a folder where a file is expected (or the other way
 * round) is an {@link IOException} saying so; a backend that cannot be reached is an
 * {@link IOException} with its reason. Container backends need {@code sh}, {@code cat}, {@code find}
 * and {@code tar} in the image.
 *
 * <p>Implementations are thread-safe: the tool calls of one turn may run at once.
 */
public interface Sandbox extends AutoCloseable {

  /** The task id this sandbox was created for. */
  String taskId();

  /** The backend's name, as {@link SandboxBackends} knows it: {@code local}, {@code docker}, ... */
  String backend();

  /** The working directory (and {@code HOME}) of every command, as an absolute sandbox path. */
  String workdir();

  /** Runs a command as {@code request} describes it. */
  ExecResult exec(ExecRequest request);

  /** Runs {@code command} with {@code bash -c} in the working directory. */
  default ExecResult exec(String command, Duration timeout) {
    return exec(ExecRequest.shell(command).timeout(timeout));
  }

  /**
   * Sets an environment variable for every later command of this sandbox (a simulator's database
   * location, say). The marker the sandbox uses to find its processes cannot be changed.
   */
  void putEnv(String name, String value);

  /** The bytes of a file. */
  byte[] readBytes(String path) throws IOException;

  /** Writes a file, replacing it, creating parent folders. */
  void writeBytes(String path, byte[] content) throws IOException;

  /** Reads a text file (UTF-8). */
  default String readFile(String path) throws IOException {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  /** Writes a text file (UTF-8), creating parent folders. */
  default void writeFile(String path, String content) throws IOException {
    writeBytes(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A folder's entries, sorted by name. Throws {@link java.nio.file.NoSuchFileException} when it is
   * missing and {@link java.nio.file.NotDirectoryException} when it is a file.
   */
  List<SandboxFile> list(String path) throws IOException;

  /**
   * Searches the text files under folder {@code path} (or the one file it names) for
   * {@code pattern}, as {@link TextSearch} describes: files whose name matches {@code fileGlob}
   * ({@code null}: all), at most {@link TextSearch#MAX_MATCHES} matches, binary files and files over
   * {@link TextSearch#MAX_FILE_BYTES} skipped.
   */
  SearchResult search(Pattern pattern, String path, String fileGlob) throws IOException;

  /** Copies a host file or folder (with everything in it) to sandbox path {@code path}. */
  void upload(Path local, String path) throws IOException;

  /** Copies a sandbox file or folder (with everything in it) to host path {@code local}, creating its parents. */
  void download(String path, Path local) throws IOException;

  /** Kills every process the sandbox started and removes what it holds. Safe to call twice. */
  @Override
  void close();
}
