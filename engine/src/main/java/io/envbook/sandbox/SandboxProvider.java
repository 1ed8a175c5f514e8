package io.envbook.sandbox;

/**
 * Creates one {@link Sandbox} per rollout, keyed by task id. The backends are listed in
 * {@link SandboxBackends}.
 */
public interface SandboxProvider extends AutoCloseable {

  /** Creates a fresh sandbox for {@code taskId}. */
  Sandbox create(String taskId);

  /**
   * Creates a fresh sandbox for {@code taskId} from a container image ({@code null}: the backend's
   * default). Backends without images ignore it.
   */
  default Sandbox create(String taskId, String image) {
    return create(taskId);
  }

  /** A provider for a backend name: {@link SandboxBackends#create(String)}. */
  static SandboxProvider forBackend(String backend) {
    return SandboxBackends.create(backend);
  }

  /** The backend's name. */
  String name();

  /** Closes every sandbox this provider created that is still open. */
  @Override
  default void close() {}
}
