package io.envbook.sandbox;

import io.envbook.sandbox.kubernetes.KubernetesSandboxProvider;
import io.envbook.util.Suggest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every sandbox backend by name, in one place: the DSL's {@code sandbox '...'}, the command line's
 * {@code --sandbox}, the kernel's completion and the "did you mean" of a misspelled name all read
 * their lists from here. A new backend is one class and one line in {@link #ALL}.
 *
 * <pre>{@code
 * try (SandboxProvider sandboxes = SandboxBackends.create("bubblewrap")) { ... }
 * try (SandboxProvider pods = SandboxBackends.create("kubernetes", Map.of("namespace", "rollouts"))) { ... }
 * }</pre>
 */
public final class SandboxBackends {
  /**
   * A backend: its name, what it is in a few words, the settings it takes (none for most), and how to
   * make its provider from them.
   */
  public record Backend(String name, String summary, List<String> settings, Function<Map<String, String>, SandboxProvider> factory) {
    Backend(String name, String summary, Supplier<SandboxProvider> factory) {
      this(name, summary, List.of(), settings -> factory.get());
    }
  }

  private static final List<Backend> ALL = List.of(
      new Backend("local", "a working directory per task on this machine", LocalSandboxProvider::new),
      new Backend("bubblewrap", "a working directory per task, confined by bwrap: no network, nothing writable outside it",
          () -> new LocalSandboxProvider(null, 100_000, Isolation.BUBBLEWRAP)),
      new Backend("docker", "a container per task on a Docker engine", DockerSandboxProvider::new),
      new Backend("kubernetes", "a pod per task on the cluster kubectl would talk to", KubernetesSandboxProvider.SETTINGS,
          KubernetesSandboxProvider::fromSettings));

  private SandboxBackends() {}

  /** The backends, in the order they are listed to users. */
  public static List<Backend> all() {
    return ALL;
  }

  /** The backends' names: {@code local}, {@code bubblewrap}, {@code docker}, ... */
  public static List<String> names() {
    return ALL.stream().map(Backend::name).toList();
  }

  /**
   * The backend of this name; an unknown name fails with {@link IllegalArgumentException} saying
   * which were meant and which exist.
   */
  public static Backend named(String name) {
    for (Backend b : ALL) {
      if (b.name().equals(name)) {
        return b;
      }
    }
    String hint = Suggest.didYouMean(name, names());
    throw new IllegalArgumentException("unknown sandbox backend `" + name + "`:" + (hint.isEmpty() ? " use" : hint + " The backends are")
        + " " + String.join(", ", names()));
  }

  /**
   * A provider for a backend name. Throws {@link IllegalArgumentException} for an unknown name and
   * {@link IllegalStateException} when the backend cannot run here (no {@code bwrap}, no Docker
   * engine), saying why.
   */
  public static SandboxProvider create(String name) {
    return create(name, Map.of());
  }

  /**
   * A provider for a backend name with its settings ({@code namespace}, {@code image}, ... where the
   * backend takes any). A setting the backend does not know fails with {@link IllegalArgumentException}
   * naming the ones it does.
   */
  public static SandboxProvider create(String name, Map<String, String> settings) {
    Backend backend = named(name);
    for (String key : settings.keySet()) {
      if (!backend.settings().contains(key)) {
        String hint = Suggest.didYouMean(key, backend.settings());
        throw new IllegalArgumentException("the " + name + " sandbox has no setting `" + key + "`:" + (backend.settings().isEmpty()
            ? " it takes none" : (hint.isEmpty() ? " it takes " : hint + " It takes ") + String.join(", ", backend.settings())));
      }
    }
    return backend.factory().apply(Map.copyOf(settings));
  }
}
