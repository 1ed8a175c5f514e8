package io.envbook.kernel;

import io.envbook.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** The {@code kernel_info_reply}. */
final class KernelInfo {
  private KernelInfo() {}

  static ObjectNode reply(Evaluator evaluator) {
    ObjectNode r = Json.object()
        .put("status", "ok")
        .put("protocol_version", io.envbook.kernel.protocol.Header.PROTOCOL_VERSION)
        .put("implementation", "envbook")
        .put("implementation_version", version());
    r.set("language_info", Json.toTree(evaluator.languageInfo()));
    r.put("banner", "envbook " + version() + " (" + evaluator.languageInfo().get("name") + ") on Java " + Runtime.version()
        + "\nAgentic LLM environments: environment('name') { ... }, run(env), display(x)");
    r.putArray("help_links").addObject().put("text", "envbook README").put("url", "https://github.com/envbook/envbook#readme");
    return r;
  }

  static String version() {
    String v = KernelInfo.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }
}
