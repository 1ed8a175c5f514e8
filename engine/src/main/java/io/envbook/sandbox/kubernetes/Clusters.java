package io.envbook.sandbox.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the cluster as kubectl does ({@code KUBECONFIG}, else {@code ~/.kube/config} and its current
 * context, else the service account of the pod envbook runs in) and says why none can be used.
 */
public final class Clusters {
  private static final String IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

  private Clusters() {}

  /**
   * Why no cluster can be used from here, or {@code null} when one answers: no configuration found, or
   * the API server did not answer {@code /version} within ten seconds.
   */
  public static String problem() {
    String missing = missingConfig();
    if (missing != null) {
      return missing;
    }
    try (KubernetesClient client = client(10_000)) {
      client.getKubernetesVersion();
      return null;
    } catch (KubernetesClientException e) {
      return "the API server at " + Config.autoConfigure(null).getMasterUrl() + " did not answer: " + KubernetesSandboxProvider.reason(e);
    }
  }

  /** A client for the cluster kubectl would use; fails with a sentence saying what to set up when there is none. */
  static KubernetesClient connect() {
    String missing = missingConfig();
    if (missing != null) {
      throw new IllegalStateException("the kubernetes sandbox needs a cluster, and " + missing
          + ": point KUBECONFIG at one, or use sandbox 'docker', 'bubblewrap' or 'local'");
    }
    return client(30_000);
  }

  private static String missingConfig() {
    String kubeconfig = System.getProperty("kubeconfig", System.getenv("KUBECONFIG"));
    boolean file = kubeconfig != null && !kubeconfig.isBlank()
        ? java.util.Arrays.stream(kubeconfig.split(java.io.File.pathSeparator)).anyMatch(f -> !f.isBlank() && Files.isRegularFile(Path.of(f)))
        : Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"));
    if (file || Files.isRegularFile(Path.of(IN_CLUSTER_TOKEN)) || System.getProperty("kubernetes.master") != null) {
      return null;
    }
    return "there is no kubeconfig (" + (kubeconfig != null && !kubeconfig.isBlank() ? "KUBECONFIG=" + kubeconfig : "~/.kube/config")
        + " is missing) and envbook does not run in a pod";
  }

  /** fabric8 retries nothing itself: pod creation has its own retries, and a failed exec is a result. */
  private static KubernetesClient client(int requestTimeoutMillis) {
    Config config = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(0)
        .withConnectionTimeout(10_000).withRequestTimeout(requestTimeoutMillis).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
