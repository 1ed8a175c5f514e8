package io.envbook.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The place where one rollout's tools run: a task directory and a way to run shell commands in it.
 * The same sandbox serves the agent during the rollout and the reward function afterwards (through
 * {@link io.envbook.env.ToolContext}); it is closed after scoring.
 *
 * <p>Paths given to the file methods are relative to the task directory (absolute paths are taken as
 * they are and must lie inside it); anything that resolves outside is refused with
 * {@link SandboxViolation}.
 *
 * <p>Implementations are thread-safe: the tool calls of one turn may run at once.
 */
public interface Sandbox extends AutoCloseable {

  /** The task id this sandbox was created for. */
  String taskId();

  /** The task directory on the host (the working directory of every command). */
  Path root();

  /** The backend's name, e.g. {@code local}. */
  String backend();

  /**
   * Runs {@code command} with {@code bash -c} in the task directory. A command still running after
   * {@code timeout} is killed with its whole process tree and reported with {@code timedOut}.
   */
  ExecResult exec(String command, Duration timeout);

  /**
   * Sets an environment variable for every later command of this sandbox (a simulator's database
   * location, say). {@code PATH} may be extended this way; the marker the sandbox uses to find its
   * processes cannot be changed.
   */
  void putEnv(String name, String value);

  /** Reads a text file (UTF-8). Throws {@link java.nio.file.NoSuchFileException} when it is missing. */
  String readFile(String path) throws IOException;

  /** Writes a text file (UTF-8), creating parent directories. */
  void writeFile(String path, String content) throws IOException;

  byte[] readBytes(String path) throws IOException;

  void writeBytes(String path, byte[] content) throws IOException;

  /** Resolves a sandbox path to a host path inside the task directory, or throws {@link SandboxViolation}. */
  Path resolve(String path);

  /** Kills every process the sandbox started and deletes its task directory. Safe to call twice. */
  @Override
  void close();
}
