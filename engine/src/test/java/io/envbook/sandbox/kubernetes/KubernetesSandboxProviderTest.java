package io.envbook.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envbook.sandbox.Sandbox;
import io.envbook.sandbox.SandboxBackends;
import io.envbook.sandbox.SandboxSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the kubernetes backend asks of the API server, against fabric8's mock server with {@link FakeCluster}'s pods. */
class KubernetesSandboxProviderTest {
  private static final KubernetesSettings FAST = KubernetesSettings.DEFAULT.withStartTimeout(Duration.ofSeconds(20))
      .withRetries(4, Duration.ofMillis(10));
  @TempDir Path pods;
  private FakeCluster cluster;
  private KubernetesClient client;
  private final List<KubernetesSandboxProvider> providers = new ArrayList<>();

  @BeforeEach
  void start() {
    assumeTrue(KubernetesSandboxContractTest.PROBLEM == null, () -> KubernetesSandboxContractTest.PROBLEM);
    cluster = new FakeCluster(pods);
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    providers.forEach(KubernetesSandboxProvider::close);
    if (cluster != null) {
      client.close();
      cluster.close();
    }
  }

  private KubernetesSandboxProvider provider(KubernetesSettings settings) {
    KubernetesSandboxProvider p = new KubernetesSandboxProvider(client, settings);
    providers.add(p);
    return p;
  }

  private List<Pod> envbookPods() {
    return client.pods().withLabel(Pods.MANAGED_BY, "envbook").list().getItems();
  }

  @Test
  void aPodGetsTheTaskImageItsResourcesItsLabelsAndNoToken() {
    KubernetesSandboxProvider p = provider(FAST);
    p.create("task/1", SandboxSpec.DEFAULT.withImage("python:3.12-slim").withResources("2", "4Gi").withStorage("10Gi"));

    Pod pod = envbookPods().getFirst();
    var container = pod.getSpec().getContainers().getFirst();
    Map<String, Quantity> expected = Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi"), "ephemeral-storage", new Quantity("10Gi"));
    assertThat(container.getImage()).isEqualTo("python:3.12-slim");
    assertThat(container.getResources().getLimits()).isEqualTo(expected);
    assertThat(container.getResources().getRequests()).isEqualTo(expected);
    assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "envbook").containsEntry("envbook.io/run", p.run())
        .containsEntry("envbook.io/sandbox", "task_1").containsEntry("envbook.io/network", "none");
    assertThat(pod.getMetadata().getName()).matches("envbook-task-1-[0-9a-f]{8}");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void offlinePodsAreSelectedByTheRunsDenyAllPolicyAndPodsWithTheNetworkAreNot() {
    KubernetesSandboxProvider p = provider(FAST);
    p.create("offline", SandboxSpec.DEFAULT);
    p.create("online", SandboxSpec.DEFAULT.withNetwork(true));

    NetworkPolicy policy = client.network().v1().networkPolicies().withLabel("envbook.io/run", p.run()).list().getItems().getFirst();
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("envbook.io/run", p.run(), "envbook.io/network", "none"));
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getEgress()).isEmpty();
    assertThat(envbookPods()).extracting(pod -> pod.getMetadata().getLabels().get("envbook.io/network")).containsExactlyInAnyOrder("none", "allowed");
    p.close();
    assertThat(client.network().v1().networkPolicies().list().getItems()).isEmpty();
  }

  @Test
  void aTaskWithoutAnImageGetsTheSettingsImage() {
    provider(FAST).create("t");

    assertThat(envbookPods().getFirst().getSpec().getContainers().getFirst().getImage()).isEqualTo(KubernetesSettings.DEFAULT.image());
  }

  @Test
  void pruneDeletesEveryLabelledPodOfEveryRunAndNothingElse() {
    KubernetesSandboxProvider killedRun = provider(FAST);
    killedRun.create("a");
    killedRun.create("b");
    provider(FAST).create("c", SandboxSpec.DEFAULT.withNetwork(true));
    client.pods().resource(new PodBuilder().withNewMetadata().withName("someone-elses").endMetadata()
        .withNewSpec().addNewContainer().withName("x").withImage("nginx").endContainer().endSpec().build()).create();

    int removed = provider(FAST).prune();

    assertThat(removed).isEqualTo(3);
    assertThat(client.pods().list().getItems()).extracting(pod -> pod.getMetadata().getName()).containsExactly("someone-elses");
    assertThat(client.network().v1().networkPolicies().list().getItems()).isEmpty();
    assertThat(cluster.runningPods()).containsExactly("someone-elses");
  }

  @Test
  void aCreationRefusedForAReasonThatMayPassIsTriedAgain() throws Exception {
    cluster.createFailures.addAll(List.of(500, 409, 429));

    Sandbox sb = provider(FAST).create("t");

    assertThat(cluster.creations.get()).isEqualTo(4);
    assertThat(sb.exec("echo up", Duration.ofSeconds(10)).output()).isEqualTo("up\n");
    assertThat(envbookPods()).hasSize(1);
  }

  @Test
  void aCreationRefusedForGoodIsNotTriedAgain() {
    cluster.createFailures.add(403);

    assertThatThrownBy(() -> provider(FAST).create("t")).hasMessageContaining(
        "could not create a pod for task t in namespace test: 403 injected failure 403");
    assertThat(cluster.creations.get()).isEqualTo(1);
  }

  @Test
  void retriesEndAfterTheLastAttemptSayingHowMany() {
    cluster.createFailures.addAll(List.of(503, 503, 503, 503));

    assertThatThrownBy(() -> provider(FAST.withRetries(3, Duration.ofMillis(10))).create("t")).hasMessageContaining(
        "could not create a pod for task t in namespace test (3 tries): 503 injected failure 503");
    assertThat(cluster.creations.get()).isEqualTo(3);
  }

  @Test
  void atMostMaxStartsPodsAreStartingAtOnce() throws Exception {
    cluster.startDelay = Duration.ofMillis(400);
    KubernetesSandboxProvider p = provider(FAST.withMaxStarts(2));
    List<Callable<Sandbox>> creations = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String task = "t" + i;
      creations.add(() -> p.create(task));
    }
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Sandbox> f : pool.invokeAll(creations)) {
        f.get();
      }
    }

    assertThat(cluster.mostStarting.get()).isEqualTo(2);
    assertThat(envbookPods()).hasSize(5);
  }

  @Test
  void aPodWhoseImageCannotBePulledFailsAtOnceWithTheReasonAndIsDeleted() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> provider(FAST).create("t", SandboxSpec.DEFAULT.withImage("missing/nope:1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageMatching("the pod envbook-t-[0-9a-f]{8} of task t did not start: ImagePullBackOff \\(Back-off pulling image \"missing/nope:1\"\\)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST.startTimeout());
    assertThat(envbookPods()).isEmpty();
  }

  @Test
  void aPodStillPendingAtTheDeadlineFailsWithTheSchedulersReason() {
    assertThatThrownBy(() -> provider(FAST.withStartTimeout(Duration.ofSeconds(1))).create("t", SandboxSpec.DEFAULT.withImage("huge/model")))
        .hasMessageMatching("the pod envbook-t-[0-9a-f]{8} of task t did not start: it was still not running after 1 s: it is not scheduled: "
            + "Unschedulable \\(0/1 nodes are available: 1 Insufficient memory.\\)");
    assertThat(envbookPods()).isEmpty();
  }

  @Test
  void aDockerfileToBuildIsRefusedWithWhatToDoInstead() {
    assertThatThrownBy(() -> provider(FAST).create("t", SandboxSpec.DEFAULT.withBuild(Path.of("/tasks/t/environment"))))
        .hasMessage("the kubernetes sandbox cannot build task t's image from /tasks/t/environment/Dockerfile: build and push it to a "
            + "registry the cluster pulls from and name it, or use --sandbox docker");
  }

  @Test
  void theNamespaceComesFromTheSettingsElseFromTheKubeconfigContext() {
    assertThat(provider(FAST).namespace()).isEqualTo("test");
    assertThat(provider(FAST.withNamespace("rollouts")).namespace()).isEqualTo("rollouts");
  }

  @Test
  void aMisspelledSettingIsToldWithTheOnesThatExist() {
    assertThatThrownBy(() -> SandboxBackends.create("kubernetes", Map.of("namespac", "x")))
        .hasMessage("the kubernetes sandbox has no setting `namespac`: did you mean `namespace`? It takes namespace, image, maxStarts, startTimeout, warmPool");
    assertThatThrownBy(() -> SandboxBackends.create("docker", Map.of("image", "x"))).hasMessage("the docker sandbox has no setting `image`: it takes none");
  }

  @Test
  void aClusterIsFoundThroughTheKubeconfigAndOneThatDoesNotAnswerIsTold() throws Exception {
    Path kubeconfig = pods.resolve("kubeconfig");
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "%s"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u, namespace: rollouts}}]
        current-context: x
        """;
    System.setProperty("kubeconfig", kubeconfig.toString());
    try {
      java.nio.file.Files.writeString(kubeconfig, yaml.formatted(client.getMasterUrl()));
      assertThat(Clusters.problem()).isNull();
      try (var fromKubeconfig = new KubernetesSandboxProvider(KubernetesSettings.DEFAULT)) {
        assertThat(fromKubeconfig.namespace()).isEqualTo("rollouts");
      }

      int closedPort;
      try (var s = new java.net.ServerSocket(0)) {
        closedPort = s.getLocalPort();
      }
      java.nio.file.Files.writeString(kubeconfig, yaml.formatted("http://127.0.0.1:" + closedPort));
      assertThat(Clusters.problem()).startsWith("the API server at http://127.0.0.1:" + closedPort + "/ did not answer: ");

      java.nio.file.Files.delete(kubeconfig);
      assertThat(Clusters.problem()).isEqualTo("there is no kubeconfig (KUBECONFIG=" + kubeconfig + " is missing) and envbook does not run in a pod");
    } finally {
      System.clearProperty("kubeconfig");
    }
  }

  @Test
  void aKubeconfigListOfFilesIsMergedAsKubectlMergesIt() throws Exception {
    Path contexts = java.nio.file.Files.writeString(pods.resolve("contexts"), """
        apiVersion: v1
        kind: Config
        contexts: [{name: x, context: {cluster: c, user: u, namespace: merged}}]
        current-context: x
        """);
    Path clusters = java.nio.file.Files.writeString(pods.resolve("clusters"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "%s"}}]
        users: [{name: u, user: {token: t}}]
        """.formatted(client.getMasterUrl()));
    System.setProperty("kubeconfig", contexts + java.io.File.pathSeparator + clusters);
    try (var merged = new KubernetesSandboxProvider(KubernetesSettings.DEFAULT)) {
      assertThat(merged.namespace()).isEqualTo("merged");
      assertThat(merged.prune()).isZero();
    } finally {
      System.clearProperty("kubeconfig");
    }
  }

  @Test
  void aWarmPoolFillsFromTheFirstSandboxThenHandsARunningPodToAPlainTaskAndStartsItsReplacement() throws Exception {
    cluster.startDelay = Duration.ofMillis(300);
    KubernetesSandboxProvider p = provider(FAST.withWarmPool(2));
    assertThat(cluster.creations.get()).isZero();
    Sandbox first = p.create("first");
    for (int i = 0; i < 100 && p.warmPods() < 2; i++) {
      Thread.sleep(50);
    }
    List<String> warm = new ArrayList<>(cluster.runningPods());
    warm.remove(((PodChannel) ((io.envbook.sandbox.ContainerSandbox) first).channel()).pod());
    assertThat(warm).hasSize(2);

    long start = System.nanoTime();
    Sandbox plain = p.create("task/1");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Sandbox online = p.create("online", SandboxSpec.DEFAULT.withNetwork(true));

    String pod = ((PodChannel) ((io.envbook.sandbox.ContainerSandbox) plain).channel()).pod();
    assertThat(warm).contains(pod);
    assertThat(took).isLessThan(cluster.startDelay);
    assertThat(client.pods().withName(pod).get().getMetadata().getLabels()).containsEntry("envbook.io/sandbox", "task_1");
    assertThat(warm).doesNotContain(((PodChannel) ((io.envbook.sandbox.ContainerSandbox) online).channel()).pod());
    assertThat(plain.exec("echo warm", Duration.ofSeconds(10)).output()).isEqualTo("warm\n");
    for (int i = 0; i < 100 && cluster.runningPods().size() < 5; i++) {
      Thread.sleep(50);
    }
    assertThat(cluster.runningPods()).hasSize(5); // the three tasks', the warm one left, its replacement
    p.close();
    assertThat(envbookPods()).isEmpty();
  }

  @Test
  void aProviderMadeOnlyToPruneStartsNoWarmPod() throws Exception {
    provider(FAST.withWarmPool(2)).prune();
    Thread.sleep(300);

    assertThat(cluster.creations.get()).isZero();
  }

  @Test
  void closingDeletesEveryPodOfTheRunWarmOnesStillStartingIncluded() throws Exception {
    KubernetesSandboxProvider p = provider(KubernetesSettings.from(Map.of("image", "huge/never", "warmPool", "2"))
        .withStartTimeout(Duration.ofSeconds(30)));
    Thread task = Thread.ofVirtual().start(() -> assertThatThrownBy(() -> p.create("t")).hasMessageContaining("did not start"));
    for (int i = 0; i < 100 && envbookPods().size() < 3; i++) {
      Thread.sleep(50);
    }
    assertThat(envbookPods()).hasSize(3);

    long start = System.nanoTime();
    p.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    task.join(Duration.ofSeconds(10));
    assertThat(task.isAlive()).isFalse();
    Thread.sleep(300);
    assertThat(envbookPods()).isEmpty();
    assertThat(cluster.creations.get()).isEqualTo(3);
  }

  @Test
  void anOfflinePodReachesNothingWhileAPodThatMayUseTheNetworkReachesThisMachine() throws Exception {
    try (var server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      KubernetesSandboxProvider p = provider(FAST);
      String connect = "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo reached'";

      var offline = p.create("offline").exec(connect, Duration.ofSeconds(10));
      var online = p.create("online", SandboxSpec.DEFAULT.withNetwork(true)).exec(connect, Duration.ofSeconds(10));

      assertThat(offline.ok()).as(offline.output()).isFalse();
      assertThat(offline.output()).doesNotContain("reached");
      assertThat(online.output()).isEqualTo("reached\n");
    }
  }

  @Test
  void anyTaskIdGivesAPodNameAndLabelsTheApiServerTakes() throws Exception {
    String task = "--Tâche/" + "x".repeat(80) + "_.";

    Sandbox sb = provider(FAST).create(task);

    Pod pod = envbookPods().getFirst();
    assertThat(pod.getMetadata().getName()).hasSizeLessThanOrEqualTo(63).startsWith("envbook-t-che-xxx");
    assertThat(pod.getMetadata().getLabels().get("envbook.io/sandbox")).hasSizeLessThanOrEqualTo(63).startsWith("T_che_xxx").endsWith("x");
    assertThat(sb.exec("echo up", Duration.ofSeconds(10)).output()).isEqualTo("up\n");
  }

  @Test
  void aResourceTheApiServerRefusesIsToldAtOnceWithItsReason() {
    assertThatThrownBy(() -> provider(FAST).create("t", SandboxSpec.DEFAULT.withResources("2", "4g")))
        .hasMessageMatching("could not create a pod for task t in namespace test: 422 Pod \"envbook-t-[0-9a-f]{8}\" is invalid: "
            + "spec.containers.resources: Invalid value: \"4g\": must be a quantity");
    assertThat(cluster.creations.get()).isEqualTo(1);
  }
}
