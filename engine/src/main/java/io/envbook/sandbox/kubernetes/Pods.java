package io.envbook.sandbox.kubernetes;

import io.envbook.sandbox.SandboxSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The objects the {@code kubernetes} backend puts on a cluster: a pod per sandbox, and per run the
 * NetworkPolicy that cuts its offline pods off the network. All carry {@link #MANAGED_BY}, so prune finds
 * them, and {@link #RUN}; a pod also {@link #SANDBOX} (its task, as a label allows).
 */
final class Pods {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String RUN = "envbook.io/run";
  static final String SANDBOX = "envbook.io/sandbox";
  static final String NETWORK = "envbook.io/network";
  static final String TASK_ANNOTATION = "envbook.io/task";
  static final String CONTAINER = "sandbox";

  private Pods() {}

  /**
   * A pod that sleeps in {@code image} until it is deleted: no service account token, no service links,
   * the spec's resources as requests and limits, labelled {@code envbook.io/network=none} unless the spec
   * asks for the network.
   */
  static Pod pod(String name, String run, String taskId, String image, String workdir, SandboxSpec spec) {
    Map<String, Quantity> resources = new LinkedHashMap<>();
    if (spec.cpu() != null) {
      resources.put("cpu", new Quantity(spec.cpu()));
    }
    if (spec.memory() != null) {
      resources.put("memory", new Quantity(spec.memory()));
    }
    if (spec.storage() != null) {
      resources.put("ephemeral-storage", new Quantity(spec.storage()));
    }
    return new PodBuilder()
        .withNewMetadata().withName(name).withLabels(labels(run, taskId, spec.network()))
        .withAnnotations(Map.of(TASK_ANNOTATION, taskId)).endMetadata()
        .withNewSpec().withRestartPolicy("Never").withAutomountServiceAccountToken(false).withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(0L)
        .addNewContainer().withName(CONTAINER).withImage(image).withCommand("sleep", "infinity").withWorkingDir(workdir)
        .withNewResources().withRequests(resources).withLimits(resources).endResources()
        .endContainer().endSpec()
        .build();
  }

  static Map<String, String> labels(String run, String taskId, boolean network) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, "envbook");
    labels.put(RUN, run);
    labels.put(SANDBOX, labelValue(taskId));
    labels.put(NETWORK, network ? "allowed" : "none");
    return labels;
  }

  /**
   * Denies every ingress and egress of the run's pods labelled {@code envbook.io/network=none}. Enforced
   * only where the cluster's network plugin implements NetworkPolicy (Calico, Cilium, ...).
   */
  static NetworkPolicy offline(String name, String run) {
    return new NetworkPolicyBuilder()
        .withNewMetadata().withName(name).withLabels(Map.of(MANAGED_BY, "envbook", RUN, run)).endMetadata()
        .withNewSpec().withNewPodSelector().withMatchLabels(Map.of(RUN, run, NETWORK, "none")).endPodSelector()
        .withPolicyTypes(List.of("Ingress", "Egress")).endSpec()
        .build();
  }

  /** A pod name for a task: {@code envbook-<task>-<suffix>}, lower case, at most 63 characters. */
  static String name(String taskId, String suffix) {
    String task = taskId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    String stem = "envbook-" + (task.isEmpty() ? "task" : task);
    int room = 63 - suffix.length() - 1;
    stem = stem.length() > room ? stem.substring(0, room).replaceAll("-+$", "") : stem;
    return stem + "-" + suffix;
  }

  /** A task id as a label value: letters, digits, {@code -_.}, at most 63, starting and ending alphanumeric. */
  static String labelValue(String taskId) {
    String v = taskId.replaceAll("[^A-Za-z0-9_.-]+", "_");
    v = v.length() > 63 ? v.substring(0, 63) : v;
    return v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
  }
}
