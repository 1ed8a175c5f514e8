package io.envbook.kernel.comm;

import io.envbook.json.Json;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * One open comm: a channel between kernel code and a front-end object (a widget, a live chart). Data
 * goes both ways as JSON objects, given and received as maps.
 *
 * <pre>{@code
 * comms.register('echo') { comm, data ->
 *     comm.onMessage { msg -> comm.send(echo: msg.text) }
 * }
 * }</pre>
 */
public final class Comm {
  private final String id;
  private final String target;
  private final Comms owner;
  private volatile Consumer<Map<String, Object>> onMessage = m -> {};
  private volatile Runnable onClose = () -> {};
  private volatile boolean closed;

  Comm(String id, String target, Comms owner) {
    this.id = id;
    this.target = target;
    this.owner = owner;
  }

  public String id() {
    return id;
  }

  public String target() {
    return target;
  }

  public boolean isOpen() {
    return !closed;
  }

  /** Sends data to the front-end side of this comm. */
  public void send(Map<String, ?> data) {
    if (closed) {
      throw new IllegalStateException("comm " + id + " (" + target + ") is closed: open a new one to send more");
    }
    owner.publish("comm_msg", Json.object().put("comm_id", id).set("data", Json.toTree(data)));
  }

  /** Closes the comm from the kernel side, telling the front end. */
  public void close() {
    if (!closed) {
      closed = true;
      owner.forget(id);
      owner.publish("comm_close", Json.object().put("comm_id", id).set("data", Json.object()));
    }
  }

  /** What to do with each message the front end sends; runs on the kernel's comm thread. */
  public void onMessage(Consumer<Map<String, Object>> handler) {
    this.onMessage = handler;
  }

  /** What to do when the front end closes the comm. */
  public void onClose(Runnable handler) {
    this.onClose = handler;
  }

  @SuppressWarnings("unchecked")
  void received(JsonNode data) {
    onMessage.accept((Map<String, Object>) Json.toPlain(data == null || !data.isObject() ? Json.object() : data));
  }

  void closedByFrontEnd() {
    closed = true;
    onClose.run();
  }

  @Override
  public String toString() {
    return "Comm(" + target + ", " + id + (closed ? ", closed" : "") + ")";
  }
}
