package io.envbook.kernel.comm;

import io.envbook.json.Json;
import io.envbook.kernel.CellContext;
import io.envbook.kernel.Publisher;
import java.io.PrintStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kernel's comms (Jupyter messaging's {@code comm_open}, {@code comm_msg}, {@code comm_close},
 * {@code comm_info}). Kernel code registers targets the front end may open comms to, or opens comms
 * itself. Handlers run on one comm thread, in the order messages arrived, so a slow handler never
 * holds up the kernel's message loop; one that throws is logged and the comm stays usable. A
 * {@code comm_open} for a target nobody registered is answered with {@code comm_close}.
 *
 * <pre>{@code
 * comms.register('counter') { comm, data ->
 *     int n = data.start ?: 0
 *     comm.onMessage { msg -> n += msg.add; comm.send(total: n) }
 * }
 * def chart = comms.open('my.chart', [title: 'rewards'])
 * chart.send(points: [0.1, 0.5])
 * }</pre>
 */
public final class Comms {
  private final Map<String, BiConsumer<Comm, Map<String, Object>>> targets = new ConcurrentHashMap<>();
  private final Map<String, Comm> open = new ConcurrentHashMap<>();
  private final Publisher publisher;
  private final PrintStream log;
  private final ExecutorService handlers = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "comm");
    t.setDaemon(true);
    return t;
  });
  private static volatile Comms current;
  private volatile JsonNode lastParent;

  /** The running kernel's comms, or {@code null} outside a kernel. */
  public static Comms current() {
    return current;
  }

  /** Makes these the comms {@link #current()} returns. */
  public void install() {
    current = this;
  }

  public Comms(Publisher publisher, PrintStream log) {
    this.publisher = publisher;
    this.log = log;
  }

  /** Lets the front end open comms to {@code target}; {@code onOpen} gets each new comm and its opening data. */
  public void register(String target, BiConsumer<Comm, Map<String, Object>> onOpen) {
    targets.put(target, onOpen);
  }

  public void unregister(String target) {
    targets.remove(target);
  }

  /** Opens a comm to a front-end target, sending {@code data} with the opening. */
  public Comm open(String target, Map<String, ?> data) {
    Comm c = new Comm(UUID.randomUUID().toString().replace("-", ""), target, this);
    open.put(c.id(), c);
    publish("comm_open", Json.object().put("comm_id", c.id()).put("target_name", target).set("data", Json.toTree(data == null ? Map.of() : data)));
    return c;
  }

  /** The open comms, by id, optionally only those of one target (for {@code comm_info_request}). */
  public ObjectNode info(String target) {
    ObjectNode out = Json.object();
    open.values().stream().filter(c -> target == null || target.isEmpty() || c.target().equals(target))
        .forEach(c -> out.putObject(c.id()).put("target_name", c.target()));
    return out;
  }

  /** A {@code comm_open} from the front end. */
  public void opened(JsonNode parent, JsonNode content) {
    String id = content.path("comm_id").asString("");
    String target = content.path("target_name").asString("");
    BiConsumer<Comm, Map<String, Object>> onOpen = targets.get(target);
    if (onOpen == null || id.isEmpty()) {
      publisher.publish(parent, "comm_close", Json.object().put("comm_id", id).set("data", Json.object()));
      log.println("envbook kernel: comm_open for unknown target `" + target + "` refused");
      return;
    }
    Comm c = new Comm(id, target, this);
    open.put(id, c);
    run(parent, "comm_open for " + target, () -> onOpen.accept(c, plain(content.path("data"))));
  }

  /** A {@code comm_msg} from the front end. */
  public void message(JsonNode parent, JsonNode content) {
    Comm c = open.get(content.path("comm_id").asString(""));
    if (c == null) {
      log.println("envbook kernel: comm_msg for unknown comm " + content.path("comm_id").asString("") + " ignored");
      return;
    }
    run(parent, "comm_msg to " + c.target(), () -> c.received(content.path("data")));
  }

  /** A {@code comm_close} from the front end. */
  public void closed(JsonNode parent, JsonNode content) {
    Comm c = open.remove(content.path("comm_id").asString(""));
    if (c != null) {
      run(parent, "comm_close of " + c.target(), c::closedByFrontEnd);
    }
  }

  void forget(String id) {
    open.remove(id);
  }

  /** Publishes for the cell this thread works for, else for the front-end message being handled. */
  void publish(String type, ObjectNode content) {
    JsonNode parent = CellContext.parent();
    publisher.publish(parent != null ? parent : lastParent, type, content);
  }

  private void run(JsonNode parent, String what, Runnable handler) {
    handlers.execute(() -> {
      lastParent = parent;
      try {
        handler.run();
      } catch (RuntimeException | LinkageError e) {
        log.println("envbook kernel: " + what + " failed: " + e);
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(JsonNode data) {
    return (Map<String, Object>) Json.toPlain(data == null || !data.isObject() ? Json.object() : data);
  }
}
