package io.envbook.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Kubernetes API server for tests: fabric8's mock server in CRUD mode, plus a kubelet of sorts. A pod
 * created through the API gets a folder on this machine as its {@code /workspace} and {@code /tmp}; after
 * {@link #startDelay} it is marked Running, and exec requests run real processes in it under
 * {@code bwrap} (the host's programs read-only, the pod's folders bound at their container paths), so
 * the sandbox's commands and files go over the same wire a cluster would carry. Like a network plugin
 * that implements NetworkPolicy, it runs the commands of a pod that a deny-egress policy selects without
 * a network; like the API server, it refuses a pod whose name, labels or resources are invalid (422),
 * and an exec that does not ask for {@code v4.channel.k8s.io} (400). Deleting the pod kills every
 * process it started. Images named {@code missing/...} never pull, {@code huge/...} never schedule.
 */
final class FakeCluster implements AutoCloseable {
  private static final Pattern POD_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods(?:/([^/?]+))?(/exec)?(?:\\?.*)?");
  static final String POD_VAR = "ENVBOOK_FAKE_POD";

  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient kubelet;
  private final Path root;
  private final Map<String, PodRoot> pods = new ConcurrentHashMap<>();
  /** Status codes the next pod creations get instead of being served, in order. */
  final Queue<Integer> createFailures = new ConcurrentLinkedQueue<>();
  final AtomicInteger creations = new AtomicInteger();
  final AtomicInteger starting = new AtomicInteger();
  final AtomicInteger mostStarting = new AtomicInteger();
  volatile Duration startDelay = Duration.ZERO;

  static {
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
  }

  FakeCluster(Path root) {
    this.root = root;
    Dispatcher dispatcher = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return FakeCluster.this.dispatch(request);
      }
    };
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    kubelet = server.createClient();
  }

  /**
   * A client of this cluster, as a user's kubeconfig would give (namespace {@code test}), retrying
   * nothing by itself as {@link Clusters} makes them.
   */
  NamespacedKubernetesClient client() {
    return server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
  }

  /** Whether bwrap can make the pods' filesystems here, or why not. */
  static String problem() {
    try {
      Process p = new ProcessBuilder("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "true").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 ? null : "bwrap cannot run here: " + out;
    } catch (IOException e) {
      return "there is no bwrap (apt-get install bubblewrap): " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private MockResponse dispatch(RecordedRequest request) {
    Matcher m = POD_PATH.matcher(request.getPath());
    if (!m.matches()) {
      return crud.dispatch(request);
    }
    String name = m.group(2);
    if (m.group(3) != null) {
      PodRoot pod = pods.get(name);
      if (pod == null) {
        return status(404, "pods \"" + name + "\" not found");
      }
      String protocols = request.getHeader("Sec-WebSocket-Protocol");
      if (protocols == null || !List.of(protocols.split(",\\s*")).contains("v4.channel.k8s.io")) {
        return status(400, "exec here speaks v4.channel.k8s.io, the client asked for " + protocols); // the status channel is v4's
      }
      String namespace = m.group(1);
      return new MockResponse().setHeader("Sec-WebSocket-Protocol", "v4.channel.k8s.io").withWebSocketUpgrade(new PodExec(pod, request.getPath(), () -> offline(namespace, name)));
    }
    if (name == null && request.getMethod().equals("POST")) {
      creations.incrementAndGet();
      Integer failure = createFailures.poll();
      if (failure != null) {
        return status(failure, "injected failure " + failure);
      }
      String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8); // getBytes() leaves the body for the store
      Pod pod = kubelet.getKubernetesSerialization().unmarshal(body, Pod.class);
      String invalid = ApiValidation.problem(pod);
      if (invalid != null) {
        return status(422, invalid);
      }
      MockResponse created = crud.dispatch(request);
      if (created.code() < 300) {
        Thread.ofVirtual().start(() -> start(m.group(1), pod));
      }
      return created;
    }
    if (name != null && request.getMethod().equals("DELETE")) {
      MockResponse deleted = crud.dispatch(request);
      PodRoot pod = pods.remove(name);
      if (pod != null) {
        pod.kill();
      }
      return deleted;
    }
    return crud.dispatch(request);
  }

  private static MockResponse status(int code, String message) {
    return new MockResponse().setResponseCode(code).setBody("{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\""
        + message + "\",\"code\":" + code + "}");
  }

  /** What a kubelet does with a new pod: pull, schedule, run, each step told in its status. */
  private void start(String namespace, Pod pod) {
    String name = pod.getMetadata().getName();
    String image = pod.getSpec().getContainers().get(0).getImage();
    int now = starting.incrementAndGet();
    mostStarting.accumulateAndGet(now, Math::max);
    try {
      Thread.sleep(startDelay);
      PodStatus status;
      if (image.startsWith("missing/")) {
        status = new PodStatusBuilder().withPhase("Pending").addToContainerStatuses(new ContainerStatusBuilder().withName(Pods.CONTAINER)
            .withImage(image).withNewState().withNewWaiting().withReason("ImagePullBackOff")
            .withMessage("Back-off pulling image \"" + image + "\"").endWaiting().endState().build()).build();
      } else if (image.startsWith("huge/")) {
        status = new PodStatusBuilder().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
            .withReason("Unschedulable").withMessage("0/1 nodes are available: 1 Insufficient memory.").endCondition().build();
      } else {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.createDirectories(dir.resolve("workspace"));
        Files.createDirectories(dir.resolve("tmp"));
        pods.put(name, new PodRoot(name, dir));
        status = new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
            .addToContainerStatuses(new ContainerStatusBuilder().withName(Pods.CONTAINER).withImage(image).withReady(true)
                .withNewState().withNewRunning().withStartedAt("2026-01-01T00:00:00Z").endRunning().endState().build()).build();
      }
      kubelet.pods().inNamespace(namespace).withName(name).editStatus(p -> new PodBuilder(p).withStatus(status).build());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the fake kubelet could not start pod " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      starting.decrementAndGet();
    }
  }

  /**
   * Whether the pod is cut off the network, as a network plugin that implements NetworkPolicy decides
   * it: some policy of its namespace selects it by its labels, lists Egress among its types and allows
   * no egress. Its commands then run in a network namespace of their own, which reaches nothing.
   */
  private boolean offline(String namespace, String name) {
    Pod pod = kubelet.pods().inNamespace(namespace).withName(name).get();
    Map<String, String> labels = pod == null || pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    return kubelet.network().v1().networkPolicies().inNamespace(namespace).list().getItems().stream().map(NetworkPolicy::getSpec)
        .anyMatch(spec -> labels.entrySet().containsAll(spec.getPodSelector().getMatchLabels().entrySet())
            && spec.getPolicyTypes().contains("Egress") && (spec.getEgress() == null || spec.getEgress().isEmpty()));
  }

  /** The pods that have a filesystem here (running, not deleted). */
  List<String> runningPods() {
    return List.copyOf(pods.keySet());
  }

  @Override
  public void close() {
    for (PodRoot pod : List.copyOf(pods.values())) {
      pod.kill();
    }
    kubelet.close();
    server.destroy();
  }

  /** A pod's filesystem: the host's programs read-only, its own {@code /workspace} and {@code /tmp}. */
  record PodRoot(String name, Path dir) {
    ProcessBuilder command(List<String> argv, boolean offline) {
      List<String> cmd = new ArrayList<>(List.of("bwrap"));
      if (offline) {
        cmd.add("--unshare-net");
      }
      try (Stream<Path> top = Files.list(Path.of("/"))) {
        for (Path p : top.sorted().toList()) {
          String n = p.getFileName().toString();
          if (List.of("proc", "dev", "sys", "tmp", "run", "workspace").contains(n)) {
            continue;
          }
          if (Files.isSymbolicLink(p)) {
            cmd.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), p.toString()));
          } else if (Files.isDirectory(p)) {
            cmd.addAll(List.of("--ro-bind", p.toString(), p.toString()));
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      cmd.addAll(List.of("--ro-bind", "/proc", "/proc", "--dev", "/dev", "--bind", dir.resolve("tmp").toString(), "/tmp",
          "--bind", dir.resolve("workspace").toString(), "/workspace", "--chdir", "/workspace", "--"));
      cmd.addAll(argv);
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().clear();
      pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
      pb.environment().put("HOSTNAME", name);
      pb.environment().put(POD_VAR, name);
      return pb;
    }

    /** Kills every process the pod started (found by the variable each one inherits) and removes its folders. */
    void kill() {
      byte[] needle = (POD_VAR + "=" + name + "\0").getBytes(StandardCharsets.UTF_8);
      for (int round = 0; round < 3; round++) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
          for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
            try {
              byte[] env = Files.readAllBytes(p.resolve("environ"));
              if (new String(env, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
              }
            } catch (IOException e) {
              // gone meanwhile
            }
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      try (Stream<Path> tree = Files.walk(dir)) {
        tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // left for the test's temporary folder to remove
      }
    }
  }
}
