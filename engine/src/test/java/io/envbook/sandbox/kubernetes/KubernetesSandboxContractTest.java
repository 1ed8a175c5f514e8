package io.envbook.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envbook.sandbox.ContainerSandbox;
import io.envbook.sandbox.Processes;
import io.envbook.sandbox.Sandbox;
import io.envbook.sandbox.SandboxContract;
import io.envbook.sandbox.SandboxProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox contract on the {@code kubernetes} backend, against fabric8's mock API server whose pods
 * run real processes ({@link FakeCluster}): every command and file goes through the exec websocket as
 * on a cluster. Skipped, with the reason, where {@code bwrap} cannot make the pods' filesystems.
 */
class KubernetesSandboxContractTest extends SandboxContract {
  static final String PROBLEM = FakeCluster.problem();
  @TempDir static Path pods;
  private static FakeCluster cluster;
  private static KubernetesClient client;

  @Override
  protected SandboxProvider newProvider() {
    assumeTrue(PROBLEM == null, () -> PROBLEM);
    if (cluster == null) {
      cluster = new FakeCluster(pods);
      client = cluster.client();
    }
    return new KubernetesSandboxProvider(client, KubernetesSettings.DEFAULT.withStartTimeout(java.time.Duration.ofSeconds(20)));
  }

  @Override
  protected String backendName() {
    return "kubernetes";
  }

  @Override
  protected void assertClosed(Sandbox closed, String marker) throws Exception {
    String pod = ((PodChannel) ((ContainerSandbox) closed).channel()).pod();
    assertThat(client.pods().withName(pod).get()).isNull();
    assertThat(cluster.runningPods()).doesNotContain(pod);
    assertThat(Processes.survivors(marker)).isEmpty();
  }

  @AfterAll
  static void stopCluster() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }
}
