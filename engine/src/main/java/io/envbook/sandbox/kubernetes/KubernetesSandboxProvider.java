package io.envbook.sandbox.kubernetes;

import io.envbook.sandbox.ContainerSandbox;
import io.envbook.sandbox.DockerSandboxProvider;
import io.envbook.sandbox.ExecRequest;
import io.envbook.sandbox.ExecResult;
import io.envbook.sandbox.Sandbox;
import io.envbook.sandbox.SandboxProvider;
import io.envbook.sandbox.SandboxSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates Kubernetes sandboxes: one pod per task in the settings' namespace, from the spec's image (else
 * the settings' default), sleeping until it is deleted, with the spec's CPU, memory and disk as requests
 * and limits, no service account token, and, unless the spec asks for the network, selected by the run's
 * NetworkPolicy that denies all ingress and egress (enforced where the cluster's network plugin
 * implements NetworkPolicy). Every object is labelled {@code app.kubernetes.io/managed-by=envbook} and
 * {@code envbook.io/run=<run>}, a pod {@code envbook.io/sandbox=<task>} too, so {@link #prune()} finds
 * what a killed run left. A creation the API server refuses for a reason that may pass (409, 429, 5xx,
 * no answer) is tried again after 1, 2, 4 s; at most {@code maxStarts} pods are starting at once; a pod
 * that does not run within {@code startTimeout} is deleted and its reason told. Commands and files go
 * through exec ({@link PodChannel}, {@link ContainerSandbox}); closing deletes the pod. With
 * {@code warmPool} set, that many pods of the default image run ahead from the first sandbox asked for
 * ({@link WarmPool}), and a task that asks for nothing else takes one. Closing the provider deletes
 * every pod of its run, warm ones still starting included, and the run's NetworkPolicy.
 *
 * <pre>{@code
 * try (SandboxProvider pods = new KubernetesSandboxProvider(KubernetesSettings.DEFAULT.withNamespace("rollouts"));
 *      Sandbox sb = pods.create("task-1", "python:3.12-slim")) {
 *   sb.exec("python3 --version", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class KubernetesSandboxProvider implements SandboxProvider {
  /** The settings the backend takes, for {@link io.envbook.sandbox.SandboxBackends}. */
  public static final List<String> SETTINGS = KubernetesSettings.NAMES;

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final KubernetesSettings settings;
  private final String namespace;
  private final String run = "r" + ProcessHandle.current().pid() + "-" + hex(3);
  private final Semaphore starts;
  private final Set<Sandbox> open = ConcurrentHashMap.newKeySet();
  private volatile boolean offlinePolicy;
  private final WarmPool pool;

  /** The backend from DSL or command-line settings; see {@link KubernetesSettings#from}. */
  public static SandboxProvider fromSettings(Map<String, String> given) {
    return new KubernetesSandboxProvider(KubernetesSettings.from(given));
  }

  /** Pods on the cluster kubectl would use (kubeconfig, or the pod's service account inside a cluster). */
  public KubernetesSandboxProvider(KubernetesSettings settings) {
    this(Clusters.connect(), settings, true);
  }

  /** Pods through {@code client}, which the caller keeps and closes. */
  public KubernetesSandboxProvider(KubernetesClient client, KubernetesSettings settings) {
    this(client, settings, false);
  }

  private KubernetesSandboxProvider(KubernetesClient client, KubernetesSettings settings, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.settings = settings;
    this.namespace = settings.namespace() != null ? settings.namespace() : client.getNamespace() != null ? client.getNamespace() : "default";
    this.starts = new Semaphore(settings.maxStarts(), true);
    this.pool = settings.warmPool() > 0 ? new WarmPool(settings.warmPool(), this::startWarm, this::deleteQuietly) : null;
  }

  /** The namespace the pods go to. */
  public String namespace() {
    return namespace;
  }

  /** This provider's run label value ({@code envbook.io/run}). */
  public String run() {
    return run;
  }

  /** Warm pods waiting to be taken. */
  int warmPods() {
    return pool == null ? 0 : pool.ready();
  }

  @Override
  public Sandbox create(String taskId, SandboxSpec spec) {
    if (spec.image() == null && spec.build() != null) {
      throw new IllegalArgumentException("the kubernetes sandbox cannot build task " + taskId + "'s image from " + spec.build()
          + "/Dockerfile: build and push it to a registry the cluster pulls from and name it, or use --sandbox docker");
    }
    String image = spec.image() != null ? spec.image() : settings.image();
    String workdir = spec.workdir() != null ? spec.workdir() : DockerSandboxProvider.WORKDIR;
    if (!spec.network()) {
      ensureOfflinePolicy();
    }
    String pod = pool != null && plain(spec) ? takeWarm(taskId) : null;
    if (pod == null) {
      pod = start(taskId, image, workdir, spec);
    }
    Sandbox[] holder = new Sandbox[1];
    holder[0] = new ContainerSandbox(taskId, "kubernetes", workdir, new PodChannel(client, namespace, pod), 100_000,
        () -> open.remove(holder[0]));
    open.add(holder[0]);
    List<String> mkdir = new ArrayList<>(List.of("mkdir", "-p", "--", workdir));
    mkdir.addAll(spec.folders());
    ExecResult made = holder[0].exec(ExecRequest.of(mkdir).cwd("/").timeout(Duration.ofMinutes(1)));
    if (!made.ok()) {
      holder[0].close();
      throw new IllegalStateException("could not make the folders " + mkdir.subList(3, mkdir.size()) + " in pod " + pod
          + " of task " + taskId + ": " + made.output().strip());
    }
    return holder[0];
  }

  /** Creates a pod, at most {@code maxStarts} at once, and waits for it to run; returns its name. */
  private String start(String taskId, String image, String workdir, SandboxSpec spec) {
    starts.acquireUninterruptibly();
    try {
      String pod = createPod(taskId, image, workdir, spec);
      try {
        PodStart.await(client, namespace, pod, taskId, settings.startTimeout());
      } catch (RuntimeException e) {
        deleteQuietly(pod);
        throw e;
      }
      return pod;
    } finally {
      starts.release();
    }
  }

  private String startWarm() {
    ensureOfflinePolicy();
    return start("warm", settings.image(), DockerSandboxProvider.WORKDIR, SandboxSpec.DEFAULT);
  }

  /** Whether a warm pod serves this spec: the default image, no network, no resources asked. */
  private boolean plain(SandboxSpec spec) {
    return (spec.image() == null || spec.image().equals(settings.image())) && !spec.network() && spec.cpu() == null
        && spec.memory() == null && spec.storage() == null;
  }

  /** A warm pod labelled for {@code taskId}, or {@code null} when none is ready. */
  private String takeWarm(String taskId) {
    String pod = pool.take();
    if (pod == null) {
      return null;
    }
    try {
      client.pods().inNamespace(namespace).withName(pod).edit(p -> new io.fabric8.kubernetes.api.model.PodBuilder(p).editMetadata()
          .addToLabels(Pods.SANDBOX, Pods.labelValue(taskId)).addToAnnotations(Pods.TASK_ANNOTATION, taskId).endMetadata().build());
      return pod;
    } catch (KubernetesClientException e) {
      deleteQuietly(pod);
      return null;
    }
  }

  /** Creates the pod, trying again after a refusal that may pass; returns its name. */
  private String createPod(String taskId, String image, String workdir, SandboxSpec spec) {
    Duration wait = settings.backoff();
    for (int attempt = 1; ; attempt++) {
      String name = Pods.name(taskId, hex(4));
      try {
        client.pods().inNamespace(namespace).resource(Pods.pod(name, run, taskId, image, workdir, spec)).create();
        return name;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 0) {
          deleteQuietly(name); // no answer: it may have been made all the same
        }
        if (!mayPass(e) || attempt >= settings.attempts()) {
          throw new IllegalStateException("could not create a pod for task " + taskId + " in namespace " + namespace
              + (attempt > 1 ? " (" + attempt + " tries)" : "") + ": " + reason(e), e);
        }
      }
      sleep(wait);
      wait = wait.multipliedBy(2);
    }
  }

  /** Conflicts, throttling, server errors and requests that got no answer. */
  static boolean mayPass(KubernetesClientException e) {
    int code = e.getCode();
    return code == 0 || code == 409 || code == 429 || code >= 500;
  }

  /** What the API server said, as short as it says it. */
  static String reason(KubernetesClientException e) {
    Status s = e.getStatus();
    if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
      return (e.getCode() > 0 ? e.getCode() + " " : "") + s.getMessage();
    }
    if (e.getCode() > 0) {
      return e.getCode() + " " + e.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getMessage()
        : "no answer (" + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
  }

  private synchronized void ensureOfflinePolicy() {
    if (offlinePolicy) {
      return;
    }
    try {
      client.network().v1().networkPolicies().inNamespace(namespace).resource(Pods.offline("envbook-offline-" + run, run)).create();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("could not create the NetworkPolicy that keeps the run's pods off the network in "
          + "namespace " + namespace + ": " + reason(e) + "; a task that may use the network says so (allow_internet, network true)", e);
    }
    offlinePolicy = true;
  }

  /** Deletes the namespace's pods labelled {@code label=value}; returns how many there were. */
  private int deletePods(String label, String value) {
    List<? extends HasMetadata> pods = client.pods().inNamespace(namespace).withLabel(label, value).list().getItems();
    for (HasMetadata p : pods) {
      deleteQuietly(p.getMetadata().getName());
    }
    return pods.size();
  }

  private void deleteQuietly(String pod) {
    try {
      client.pods().inNamespace(namespace).withName(pod).withGracePeriod(0).delete();
    } catch (RuntimeException e) {
      // the API refused, or the client is closed: prune removes what is left
    }
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  /** Deletes every pod and NetworkPolicy labelled {@code app.kubernetes.io/managed-by=envbook} in the namespace, whichever run made it. */
  @Override
  public int prune() {
    try {
      int pods = deletePods(Pods.MANAGED_BY, "envbook");
      for (HasMetadata np : client.network().v1().networkPolicies().inNamespace(namespace).withLabel(Pods.MANAGED_BY, "envbook").list()
          .getItems()) {
        client.network().v1().networkPolicies().inNamespace(namespace).withName(np.getMetadata().getName()).delete();
      }
      return pods;
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("could not prune the sandbox pods in namespace " + namespace + ": " + reason(e), e);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.stop();
    }
    try {
      for (Sandbox sb : List.copyOf(open)) {
        sb.close();
      }
      if (pool != null) {
        deletePods(Pods.RUN, run); // warm pods still starting: their wait ends as soon as they are gone
        pool.awaitStarts(Duration.ofSeconds(10));
      }
      if (offlinePolicy) {
        client.network().v1().networkPolicies().inNamespace(namespace).withName("envbook-offline-" + run).delete();
      }
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("could not remove the run's pods or NetworkPolicy in namespace " + namespace + ": " + reason(e), e);
    } finally {
      if (ownsClient) {
        client.close();
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to create a pod again", e);
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
