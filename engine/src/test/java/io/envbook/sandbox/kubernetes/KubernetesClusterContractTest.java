package io.envbook.sandbox.kubernetes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envbook.sandbox.SandboxContract;
import io.envbook.sandbox.SandboxProvider;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * The sandbox contract on a real cluster, the one kubectl would use (KUBECONFIG, ~/.kube/config, or the
 * pod's service account). Skipped, with the reason, when none answers. The namespace comes from
 * {@code ENVBOOK_KUBERNETES_NAMESPACE} (else the context's), the image from
 * {@code ENVBOOK_KUBERNETES_TEST_IMAGE} (default {@code debian:stable-slim}); it must be pullable.
 */
@Tag("kubernetes")
class KubernetesClusterContractTest extends SandboxContract {
  static final String PROBLEM = Clusters.problem();
  static final String IMAGE = System.getenv().getOrDefault("ENVBOOK_KUBERNETES_TEST_IMAGE", "debian:stable-slim");

  @Override
  protected SandboxProvider newProvider() {
    assumeTrue(PROBLEM == null, () -> "no Kubernetes cluster answers here: " + PROBLEM);
    return new KubernetesSandboxProvider(KubernetesSettings.from(Map.of("image", IMAGE)).withStartTimeout(Duration.ofMinutes(3)));
  }

  @Override
  protected String backendName() {
    return "kubernetes";
  }
}
