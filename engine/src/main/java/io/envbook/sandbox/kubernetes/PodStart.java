package io.envbook.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Waits for a new pod to run, asking the API server at growing intervals (0.1 s up to 1 s). A pod that
 * cannot start (its image cannot be pulled, its configuration is refused, it ended) fails at once; one
 * still pending at the deadline fails with the reason the cluster gives (unschedulable: which resource
 * is short, or why its container waits). The failure is one sentence naming the pod.
 */
final class PodStart {
  /** Container waiting reasons that do not pass by waiting longer. */
  static final Set<String> HOPELESS = Set.of("ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "CreateContainerConfigError",
      "CreateContainerError", "CrashLoopBackOff", "RunContainerError");

  private PodStart() {}

  /** Returns once the pod runs; throws {@link IllegalStateException} with the pod's reason otherwise. */
  static void await(KubernetesClient client, String namespace, String pod, String taskId, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    long pause = 100;
    String last = "it was not seen yet";
    while (true) {
      try {
        Pod p = client.pods().inNamespace(namespace).withName(pod).get();
        if (p == null) {
          throw failure(pod, taskId, "it was deleted before it ran");
        }
        String problem = hopeless(p);
        if (problem != null) {
          throw failure(pod, taskId, problem);
        }
        if (running(p)) {
          return;
        }
        last = pending(p);
      } catch (KubernetesClientException e) {
        last = "the API server answered " + KubernetesSandboxProvider.reason(e); // may pass: ask again
      }
      if (System.nanoTime() > end) {
        throw failure(pod, taskId, "it was still not running after " + deadline.toSeconds() + " s: " + last);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(pod, taskId, "the wait for it was interrupted");
      }
      pause = Math.min(1000, pause * 2);
    }
  }

  private static IllegalStateException failure(String pod, String taskId, String why) {
    return new IllegalStateException("the pod " + pod + " of task " + taskId + " did not start: " + why);
  }

  static boolean running(Pod p) {
    if (p.getStatus() == null || !"Running".equals(p.getStatus().getPhase())) {
      return false;
    }
    List<ContainerStatus> containers = p.getStatus().getContainerStatuses();
    return containers != null && containers.stream().allMatch(c -> c.getState() != null && c.getState().getRunning() != null);
  }

  /** Why the pod will never run, or {@code null} while it may. */
  static String hopeless(Pod p) {
    if (p.getStatus() == null) {
      return null;
    }
    String phase = p.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return "it ended (" + phase + ")" + detail(p.getStatus().getReason(), p.getStatus().getMessage());
    }
    for (ContainerStatus c : containers(p)) {
      ContainerStateWaiting w = c.getState() == null ? null : c.getState().getWaiting();
      if (w != null && HOPELESS.contains(w.getReason())) {
        return w.getReason() + detail(null, w.getMessage());
      }
      if (c.getState() != null && c.getState().getTerminated() != null) {
        var t = c.getState().getTerminated();
        return "its container ended with exit code " + t.getExitCode() + detail(t.getReason(), t.getMessage());
      }
    }
    return null;
  }

  /** What a pending pod waits for, as the cluster says it. */
  static String pending(Pod p) {
    if (p.getStatus() == null) {
      return "it has no status yet (no node has taken it)";
    }
    for (ContainerStatus c : containers(p)) {
      ContainerStateWaiting w = c.getState() == null ? null : c.getState().getWaiting();
      if (w != null && w.getReason() != null) {
        return "its container waits: " + w.getReason() + detail(null, w.getMessage());
      }
    }
    List<PodCondition> conditions = p.getStatus().getConditions() == null ? List.of() : p.getStatus().getConditions();
    for (PodCondition c : conditions) {
      if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
        return "it is not scheduled: " + (c.getReason() == null ? "" : c.getReason()) + detail(null, c.getMessage());
      }
    }
    return "it is " + (p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase());
  }

  private static List<ContainerStatus> containers(Pod p) {
    return p.getStatus().getContainerStatuses() == null ? List.of() : p.getStatus().getContainerStatuses();
  }

  private static String detail(String reason, String message) {
    String s = (reason == null ? "" : reason) + (reason != null && message != null ? ": " : "") + (message == null ? "" : message);
    return s.isEmpty() ? "" : " (" + s.strip() + ")";
  }
}
