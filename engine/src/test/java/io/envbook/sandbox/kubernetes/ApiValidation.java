package io.envbook.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks the API server makes of a new pod and fabric8's CRUD mock does not: its name is an RFC 1123
 * subdomain, each label key and value is well formed, each container is named as a DNS label, and each
 * resource quantity is one Kubernetes reads. {@link FakeCluster} answers a pod that fails one with 422,
 * as a cluster would.
 */
final class ApiValidation {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SUBDOMAIN = Pattern.compile(DNS_LABEL + "(\\." + DNS_LABEL + ")*");
  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern QUANTITY = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");

  private ApiValidation() {}

  /** What the API server would say is invalid in the pod, or {@code null} when it takes it. */
  static String problem(Pod pod) {
    String name = pod.getMetadata().getName();
    if (name == null || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
      return invalid(name, "metadata.name", name, "a lowercase RFC 1123 subdomain");
    }
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String key = label.getKey();
      String keyName = key.substring(key.indexOf('/') + 1);
      String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : null;
      if (keyName.length() > 63 || !LABEL_NAME.matcher(keyName).matches()
          || prefix != null && (prefix.length() > 253 || !SUBDOMAIN.matcher(prefix).matches())) {
        return invalid(name, "metadata.labels", key, "a qualified name");
      }
      String value = label.getValue();
      if (value.length() > 63 || !value.isEmpty() && !LABEL_NAME.matcher(value).matches()) {
        return invalid(name, "metadata.labels", value, "a valid label value");
      }
    }
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getName() == null || c.getName().length() > 63 || !DNS_LABEL.matcher(c.getName()).matches()) {
        return invalid(name, "spec.containers.name", c.getName(), "a lowercase RFC 1123 label");
      }
      if (c.getResources() != null) {
        for (Map<String, Quantity> quantities : Arrays.asList(c.getResources().getRequests(), c.getResources().getLimits())) {
          for (Quantity q : quantities == null ? List.<Quantity>of() : quantities.values()) {
            String text = q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
            if (!QUANTITY.matcher(text).matches()) {
              return invalid(name, "spec.containers.resources", text, "a quantity");
            }
          }
        }
      }
    }
    return null;
  }

  private static String invalid(String pod, String field, String value, String mustBe) {
    return "Pod \\\"" + pod + "\\\" is invalid: " + field + ": Invalid value: \\\"" + value + "\\\": must be " + mustBe;
  }
}
