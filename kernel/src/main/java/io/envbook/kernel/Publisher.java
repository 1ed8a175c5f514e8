package io.envbook.kernel;

import io.envbook.kernel.protocol.Header;
import io.envbook.kernel.protocol.Msg;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Sends IOPub messages on behalf of a request (its header as parent); thread-safe. */
public final class Publisher {
  private final Header headers;
  private final Consumer<Msg> iopub;

  Publisher(Header headers, Consumer<Msg> iopub) {
    this.headers = headers;
    this.iopub = iopub;
  }

  public void publish(JsonNode parent, String type, ObjectNode content) {
    send(message(parent, type, content));
  }

  Msg message(JsonNode parent, String type, ObjectNode content) {
    return new Msg(List.of(type.getBytes(java.nio.charset.StandardCharsets.UTF_8)), headers.make(type), parent,
        io.envbook.json.Json.object(), content, List.of());
  }

  void send(Msg m) {
    iopub.accept(m);
  }

  public void status(JsonNode parent, String state) {
    send(statusMessage(parent, state));
  }

  Msg statusMessage(JsonNode parent, String state) {
    return message(parent, "status", io.envbook.json.Json.object().put("execution_state", state));
  }
}
