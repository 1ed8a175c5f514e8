package io.envbook.sandbox;

/**
 * Creates one {@link Sandbox} per rollout, keyed by task id. Backends: {@code local} (a working
 * directory per task), later {@code bubblewrap} and {@code docker}.
 */
public interface SandboxProvider extends AutoCloseable {

  /** Creates a fresh sandbox for {@code taskId}. */
  Sandbox create(String taskId);

  /** The backend's name. */
  String name();

  /** Closes every sandbox this provider created that is still open. */
  @Override
  default void close() {}
}
