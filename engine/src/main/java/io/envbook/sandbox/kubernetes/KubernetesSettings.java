package io.envbook.sandbox.kubernetes;

import io.envbook.sandbox.DockerSandboxProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the {@code kubernetes} backend uses its cluster: the namespace its pods go to, the image of a task
 * that names none, how many pods may start at once, how long a pod may take to run, how many pods of
 * that image are kept started ahead for tasks that ask nothing more, and the tries of a creation the API
 * server refused for a reason that may pass. Each setting comes from the DSL's
 * {@code sandbox 'kubernetes', namespace: 'rollouts'} or the command line's {@code --sandbox-option
 * namespace=rollouts}, else from the system property {@code envbook.kubernetes.<name>}, else from the
 * variable {@code ENVBOOK_KUBERNETES_<NAME>} ({@code ENVBOOK_KUBERNETES_WARM_POOL} for {@code warmPool}),
 * else its default; the namespace's default is the kubeconfig context's, else {@code default}.
 *
 * @param namespace the namespace, {@code null} for the kubeconfig context's
 * @param image the image of a task that names none
 * @param maxStarts pods starting (created but not yet running) at once at most
 * @param startTimeout how long a pod may take from creation to running
 * @param warmPool pods of {@code image} kept running ahead (no network, no resources asked) from the
 *     first sandbox asked for, taken by tasks whose spec asks nothing else; 0 for none
 * @param attempts tries of a creation that fails for a reason that may pass (409, 429, 5xx, timeouts)
 * @param backoff the wait before the second try, doubled before each next one
 */
public record KubernetesSettings(String namespace, String image, int maxStarts, Duration startTimeout, int warmPool, int attempts,
    Duration backoff) {
  /** The settings' names, as the DSL and the command line take them. */
  public static final List<String> NAMES = List.of("namespace", "image", "maxStarts", "startTimeout", "warmPool");

  public static final KubernetesSettings DEFAULT =
      new KubernetesSettings(null, DockerSandboxProvider.DEFAULT_IMAGE, 8, Duration.ofMinutes(5), 0, 4, Duration.ofSeconds(1));

  public KubernetesSettings {
    if (maxStarts < 1) {
      throw new IllegalArgumentException("the kubernetes setting maxStarts must be at least 1, got " + maxStarts);
    }
    if (startTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("the kubernetes setting startTimeout must be at least 1 second, got " + startTimeout.toSeconds());
    }
    if (warmPool < 0) {
      throw new IllegalArgumentException("the kubernetes setting warmPool must be 0 or more, got " + warmPool);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
  }

  /** The settings a user gave, the environment's variables for those not given, the defaults for the rest. */
  public static KubernetesSettings from(Map<String, String> given) {
    Function<String, String> get = name -> {
      String v = given.get(name);
      if (v == null) {
        v = System.getProperty("envbook.kubernetes." + name);
      }
      if (v == null) {
        v = System.getenv(variable(name));
      }
      return v == null || v.isBlank() ? null : v.strip();
    };
    String image = get.apply("image");
    String starts = get.apply("maxStarts");
    String timeout = get.apply("startTimeout");
    String warm = get.apply("warmPool");
    return new KubernetesSettings(get.apply("namespace"), image != null ? image : DEFAULT.image(),
        starts != null ? number("maxStarts", starts) : DEFAULT.maxStarts(),
        timeout != null ? Duration.ofSeconds(number("startTimeout", timeout)) : DEFAULT.startTimeout(),
        warm != null ? number("warmPool", warm) : DEFAULT.warmPool(), DEFAULT.attempts(), DEFAULT.backoff());
  }

  /** The environment variable a setting is read from when not given: {@code warmPool} is {@code ENVBOOK_KUBERNETES_WARM_POOL}. */
  static String variable(String name) {
    return "ENVBOOK_KUBERNETES_" + name.replaceAll("([A-Z])", "_$1").toUpperCase(java.util.Locale.ROOT);
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the kubernetes setting " + name + " must be a whole number"
          + (name.equals("startTimeout") ? " of seconds" : "") + ", got `" + value + "`");
    }
  }

  public KubernetesSettings withNamespace(String ns) {
    return new KubernetesSettings(ns, image, maxStarts, startTimeout, warmPool, attempts, backoff);
  }

  public KubernetesSettings withMaxStarts(int n) {
    return new KubernetesSettings(namespace, image, n, startTimeout, warmPool, attempts, backoff);
  }

  public KubernetesSettings withStartTimeout(Duration d) {
    return new KubernetesSettings(namespace, image, maxStarts, d, warmPool, attempts, backoff);
  }

  /** Tries a refused creation {@code n} times in all, waiting {@code first}, then twice as long each time. */
  public KubernetesSettings withRetries(int n, Duration first) {
    return new KubernetesSettings(namespace, image, maxStarts, startTimeout, warmPool, n, first);
  }

  /** Keeps {@code n} pods of the default image running ahead. */
  public KubernetesSettings withWarmPool(int n) {
    return new KubernetesSettings(namespace, image, maxStarts, startTimeout, n, attempts, backoff);
  }
}
