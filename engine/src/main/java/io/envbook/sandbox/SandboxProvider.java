package io.envbook.sandbox;

/**
 * Creates one {@link Sandbox} per rollout, keyed by task id. The backends are listed in
 * {@link SandboxBackends}.
 */
public interface SandboxProvider extends AutoCloseable {

  /**
   * Creates a fresh sandbox for {@code taskId} as {@code spec} asks (image, network, resources), as
   * far as the backend can give it. The one method a backend must write.
   */
  Sandbox create(String taskId, SandboxSpec spec);

  /** Creates a fresh sandbox for {@code taskId} with the backend's defaults. */
  default Sandbox create(String taskId) {
    return create(taskId, SandboxSpec.DEFAULT);
  }

  /**
   * Creates a fresh sandbox for {@code taskId} from a container image ({@code null}: the backend's
   * default). Backends without images ignore it.
   */
  default Sandbox create(String taskId, String image) {
    return create(taskId, SandboxSpec.DEFAULT.withImage(image));
  }

  /**
   * Removes every sandbox of this backend that runs left behind (a killed run cannot clean up),
   * those of runs still going too, and says how many there were. Backends whose sandboxes end with
   * their process leave nothing and return 0.
   */
  default int prune() {
    return 0;
  }

  /** A provider for a backend name: {@link SandboxBackends#create(String)}. */
  static SandboxProvider forBackend(String backend) {
    return SandboxBackends.create(backend);
  }

  /** A provider for a backend name and its settings: {@link SandboxBackends#create(String, java.util.Map)}. */
  static SandboxProvider forBackend(String backend, java.util.Map<String, String> settings) {
    return SandboxBackends.create(backend, settings);
  }

  /** The backend's name. */
  String name();

  /** Closes every sandbox this provider created that is still open. */
  @Override
  default void close() {}
}
