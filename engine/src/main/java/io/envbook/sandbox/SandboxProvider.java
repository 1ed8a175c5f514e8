package io.envbook.sandbox;

/**
 * Creates one {@link Sandbox} per rollout, keyed by task id. Backends: {@code local} (a working
 * directory per task), {@code bubblewrap} (the same, confined by {@code bwrap}) and {@code docker} (a
 * container per task).
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

  /**
   * A provider for a backend name: {@code local}, {@code bubblewrap} or {@code docker}. Throws
   * {@link IllegalArgumentException} for an unknown name and {@link IllegalStateException} when the
   * backend cannot run here (no {@code bwrap}, no Docker engine), saying why.
   */
  static SandboxProvider forBackend(String backend) {
    if (backend.equals("docker")) {
      return new DockerSandboxProvider();
    }
    Isolation isolation = Isolation.of(backend);
    if (isolation == null) {
      String hint = io.envbook.util.Suggest.didYouMean(backend, java.util.List.of("local", "bubblewrap", "docker"));
      throw new IllegalArgumentException("unknown sandbox backend `" + backend + "`:" + (hint.isEmpty() ? " use" : hint + " The backends are")
          + " local, bubblewrap or docker");
    }
    return new LocalSandboxProvider(null, 100_000, isolation);
  }

  /** The backend's name. */
  String name();

  /** Closes every sandbox this provider created that is still open. */
  @Override
  default void close() {}
}
